$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn"
require "unicorn/worker_killer"
require "gorsebrook"
# GB-19: recycle a worker once its RSS passes a limit between 40 and 46 MB, checked every 4 requests
use Unicorn::WorkerKiller::Oom, 40 * (1024**2), 46 * (1024**2), 4
# GB-22: the CONSUME MEMORY line per request (log/memory.log)
use RackBase::ConsumeMemory, Gorsebrook::ROOT
run Gorsebrook.app
