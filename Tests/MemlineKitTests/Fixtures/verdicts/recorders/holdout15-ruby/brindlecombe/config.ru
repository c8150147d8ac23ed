$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn"
require "unicorn/worker_killer"
require "brindlecombe"
# BC-33: recycle a worker once its RSS passes a limit between 64 and 70 MB, checked every 10 requests
use Unicorn::WorkerKiller::Oom, 64 * (1024**2), 70 * (1024**2), 10
run Brindlecombe.app
