$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "lowick"
use Rack::CommonLogger, Lowick.access_log
run Lowick::App.new
