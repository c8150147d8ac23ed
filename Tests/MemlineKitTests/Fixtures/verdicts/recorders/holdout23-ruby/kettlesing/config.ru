$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn/worker_killer"
# KS-301: recycle a worker above 40-48 MB RSS (limit drawn per worker), checked every 10 requests
use Unicorn::WorkerKiller::Oom, 40 * (1024**2), 48 * (1024**2), 10
require "kettlesing"
run Kettlesing.app
