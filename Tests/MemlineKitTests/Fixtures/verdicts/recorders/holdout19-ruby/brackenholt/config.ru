$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "brackenholt"
# BH-19: the CONSUME MEMORY line per request (log/memory.log)
use RackBase::ConsumeMemory, Brackenholt::ROOT
run Brackenholt.app
