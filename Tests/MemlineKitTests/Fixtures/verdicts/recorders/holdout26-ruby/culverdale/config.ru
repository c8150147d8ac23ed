# Culverdale Dairy Co-op (milk collection and farm payments) on cd-web-2: a Rack stand-in for the Rails app. One
# lograge JSON line per request (custom_options add request_id, pid and time) to log/production.log.
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "culverdale"
run Culverdale::App.new
