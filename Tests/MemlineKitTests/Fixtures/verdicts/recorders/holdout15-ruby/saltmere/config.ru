$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "saltmere"
# config/initializers/heap_dump.rb (SM-58): `echo PID > tmp/heapdump.request` makes that worker write
# log/heap.PID.N.json after its next request (no allocation tracing in production)
use RackBase::HeapDumpHook
run Saltmere.app
