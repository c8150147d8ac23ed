$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "orchardly"
require "unicorn/worker_killer"
# OC-55: recycle a worker whose RSS passes a limit drawn between 110 and 130 MB, checked every 6 requests
use Unicorn::WorkerKiller::Oom, 110 * (1024**2), 130 * (1024**2), 6
run Orchardly::App.new
