# /srv/gorsedown/config.ru: Rack stand-in for Gorsedown Clinic's cardiology portal (gd-web-2).
$LOAD_PATH.unshift File.expand_path("lib", __dir__), File.expand_path("vendor/ecgtrace/lib", __dir__)
require "gorsedown"
run Gorsedown::App.new
