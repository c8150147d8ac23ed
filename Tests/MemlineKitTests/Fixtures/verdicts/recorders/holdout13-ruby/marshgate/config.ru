$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn"
require "unicorn/worker_killer"
require "marshgate"
# MG-44: recycle a worker once its RSS passes a limit between 32 and 38 MB, checked every 12 requests
use Unicorn::WorkerKiller::Oom, Integer(ENV.fetch("MG_KILLER_MIN_MB", "32")) * (1024**2), Integer(ENV.fetch("MG_KILLER_MAX_MB", "38")) * (1024**2), 12
# config/initializers/consume_memory.rb (MG-31): RSS before/after each request in log/memory.log
use RackBase::ConsumeMemory, Marshgate::ROOT
run Marshgate.app
