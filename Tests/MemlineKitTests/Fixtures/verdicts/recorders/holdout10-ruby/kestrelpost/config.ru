$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn/worker_killer"
require "kestrelpost"
# KP-51: recycle a worker once its RSS passes its limit (a random limit between min and max per worker, checked every 8 requests)
use Unicorn::WorkerKiller::Oom, Integer(ENV.fetch("KP_OOM_MIN_MB", "58")) * 1024**2, Integer(ENV.fetch("KP_OOM_MAX_MB", "64")) * 1024**2, 8
run Kestrelpost.app
