# config.ru (release v7.2.0): Rack stand-in for the Nandi Hills tea auction portal's Rails app (nh-web-1).
# NH-233: trending lots tile, fed by LotViewTracker.
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "nandihills"
require "lot_view_tracker"
use LotViewTracker
run NandiHills::App.new
