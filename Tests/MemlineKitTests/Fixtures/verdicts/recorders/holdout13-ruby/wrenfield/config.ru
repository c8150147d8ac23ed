$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "wrenfield"
use RackBase::HeapDumpHook
run Wrenfield.app
