$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "cobbleford"
require "unicorn/oob_gc"
# CF-40: GC between requests, every 8 requests a worker serves
use Unicorn::OobGC, 8
run Cobbleford.app
