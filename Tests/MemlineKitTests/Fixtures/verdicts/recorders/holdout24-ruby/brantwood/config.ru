$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "brantwood"
run Brantwood::App.new
