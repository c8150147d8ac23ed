$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "unicorn"
require "unicorn/worker_killer"
require "brindlecombe"
# BC-33: recycle a worker once its RSS passes a limit between 95 and 105 MB, checked every 10 requests
use Unicorn::WorkerKiller::Oom, 95 * (1024**2), 105 * (1024**2), 10
run Brindlecombe.app
