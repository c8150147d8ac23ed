$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "coldharbour"
# CH-40: the CONSUME MEMORY line per request (log/memory.log)
use RackBase::ConsumeMemory, Coldharbour::ROOT
run Coldharbour.app
