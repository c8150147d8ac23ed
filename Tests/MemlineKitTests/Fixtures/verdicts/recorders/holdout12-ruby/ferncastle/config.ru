$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn"
require "unicorn/worker_killer"
require "ferncastle"
# FC-61: recycle a worker after 290-310 requests (unicorn-worker-killer)
use Unicorn::WorkerKiller::MaxRequests, 290, 310
run Ferncastle.app
