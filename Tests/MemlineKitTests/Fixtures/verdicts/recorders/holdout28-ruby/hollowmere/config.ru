# Hollowmere Dairy Co-operative: milk collection app (Rack stand-in for the Rails app; its log is
# rails_semantic_logger's JSON format, one line per event).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "hollowmere/app"
run Hollowmere::App.new
