# /srv/copperbeck/config.ru: Rack stand-in for Copperbeck Kennels' booking Rails app (ck-app-2, behind nginx).
$LOAD_PATH.unshift File.expand_path("lib", __dir__), File.expand_path("app/models", __dir__)
require "copperbeck"
use Rack::CommonLogger, Copperbeck.access_log
run Copperbeck::App.new
