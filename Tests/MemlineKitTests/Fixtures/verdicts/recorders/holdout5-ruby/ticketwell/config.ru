$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "ticketwell"
run Ticketwell::Router.new
