# /srv/saltings/config.ru: Rack stand-in for Saltings Harbour's berth-planning Rails app (sh-web-1).
$LOAD_PATH.unshift File.expand_path("lib", __dir__), File.expand_path("app/models", __dir__)
require "saltings"
run Saltings::App.new
