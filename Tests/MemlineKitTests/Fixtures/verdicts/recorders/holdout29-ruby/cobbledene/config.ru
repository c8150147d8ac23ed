# Cobbledene Libraries catalogue (Rack stand-in for the Rails app). Access log in common log format.
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "cobbledene"
access = File.open("/srv/cobbledene/shared/log/access.log", "a"); access.sync = true
use Rack::CommonLogger, access
run Cobbledene::App.new
