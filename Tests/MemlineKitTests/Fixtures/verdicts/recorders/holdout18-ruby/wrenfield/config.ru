$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "wrenfield"
use RackBase::HeapDumpHook
use RackBase::ConsumeMemory, Wrenfield::ROOT
run Wrenfield.app
