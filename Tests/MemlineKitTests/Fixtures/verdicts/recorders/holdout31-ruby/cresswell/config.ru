# /srv/cresswell/config.ru: Rack stand-in for Cresswell Bakery's wholesale ordering Rails app (cb-web-1).
$LOAD_PATH.unshift File.expand_path("lib", __dir__), File.expand_path("app/models", __dir__)
require "cresswell"
run Cresswell::App.new
