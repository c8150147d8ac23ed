# config.ru (release v7.1.3): Rack stand-in for the Nandi Hills tea auction portal's Rails app (nh-web-1).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "nandihills"
run NandiHills::App.new
