$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn"
require "unicorn/worker_killer"
require "quarrymoor"
# QM-88: unicorn-worker-killer recycles a worker once its RSS passes a limit drawn between 60 and 68 MB, checked every 5 requests
use Unicorn::WorkerKiller::Oom, 60 * (1024**2), 68 * (1024**2), 5
run Quarrymoor.app
