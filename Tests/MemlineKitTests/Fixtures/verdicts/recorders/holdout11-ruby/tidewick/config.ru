$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "tidewick"
use RackBase::ConsumeMemory, Tidewick::ROOT
use RackBase::HeapDumpHook
run Tidewick.app
