# /srv/fellgate/current/config.ru: Rack stand-in for Fellgate Vets' booking app (fv-app-1).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "fellgate"
require "unicorn/oob_gc"
# FV-122: full GC between requests every 5 requests, outside the request (unicorn's own OobGC middleware)
use Unicorn::OobGC, 5
run Fellgate::App.new
