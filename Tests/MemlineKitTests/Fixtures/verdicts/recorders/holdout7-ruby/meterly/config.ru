$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "meterly"
run Meterly::Router.new
