# Marrowfield Water (meter reads and consumption) on mf-web-3: a Rack stand-in for the Rails app. One lograge
# key=value line per request through the Rails logger (Logger::Formatter, request_id tag) to log/production.log.
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "marrowfield"
run Marrowfield::App.new
