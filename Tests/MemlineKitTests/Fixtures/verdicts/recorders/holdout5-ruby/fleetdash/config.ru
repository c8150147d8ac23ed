$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "fleetdash"
run Fleetdash::App.new
