$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "cartwheel/api"
use Cartwheel::MemoryLogger
run Cartwheel::Api.new
