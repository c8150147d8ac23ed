$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn"
require "unicorn/worker_killer"
require "gorsebrook"
# GB-19: recycle a worker once its RSS passes a limit between 72 and 80 MB, checked every 6 requests
use Unicorn::WorkerKiller::Oom, 72 * (1024**2), 80 * (1024**2), 6
# GB-22: the CONSUME MEMORY line per request (log/memory.log)
use RackBase::ConsumeMemory, Gorsebrook::ROOT
run Gorsebrook.app
