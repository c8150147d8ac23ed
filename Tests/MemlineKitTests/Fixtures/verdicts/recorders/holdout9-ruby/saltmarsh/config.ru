$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn/worker_killer"
require "saltmarsh"
# SM-88: recycle workers after 180-240 requests
use Unicorn::WorkerKiller::MaxRequests, 180, 240
use RackBase::HeapDumpHook
run Saltmarsh.app
