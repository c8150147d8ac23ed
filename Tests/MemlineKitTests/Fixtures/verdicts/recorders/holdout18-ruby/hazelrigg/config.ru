$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "hazelrigg"
use RackBase::HeapDumpHook
run Hazelrigg.app
