$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "scarrowby"
use Rack::CommonLogger, Scarrowby::ACCESS_LOG
run Scarrowby::App.new
