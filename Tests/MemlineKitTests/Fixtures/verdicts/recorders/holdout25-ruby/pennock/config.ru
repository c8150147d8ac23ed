# Pennock planning portal (map tiles, planning applications, public comments) on pn-web-1: a Rack stand-in for the
# Rails app, writing Rails' own production.log lines (Started / Processing / Parameters / Completed, request_id tag).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "pennock"
run Pennock::App.new
