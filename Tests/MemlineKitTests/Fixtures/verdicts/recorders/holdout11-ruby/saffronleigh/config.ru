$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "saffronleigh"
Saffronleigh.boot(Integer(ENV.fetch("PUMA_WORKER_INDEX", "0"))) unless Saffronleigh.booted?
run Saffronleigh.app
