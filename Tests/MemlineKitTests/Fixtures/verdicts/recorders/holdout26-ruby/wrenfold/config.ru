# Wrenfold Community Clinic (appointments, referral letters) on wf-app-1: a Rack stand-in for the Rails app writing
# Rails' production.log lines (Started / Processing by / Parameters / Completed) with the request_id tag.
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "wrenfold"
run Wrenfold::App.new
