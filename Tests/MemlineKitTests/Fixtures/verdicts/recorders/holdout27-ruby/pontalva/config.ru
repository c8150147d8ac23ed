$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "pontalva"
run Pontalva::App.new
