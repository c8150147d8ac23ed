$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "tansley"
run Tansley::App.new
