$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "brackenholt"
run Brackenholt.app
