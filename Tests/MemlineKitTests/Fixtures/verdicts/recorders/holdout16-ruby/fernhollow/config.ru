$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "fernhollow"
# config/initializers/heap_dump.rb (FH-203): `echo PID > tmp/heapdump.request` makes that worker write
# log/heap-<UTC time>.json after its next request
use RackBase::HeapDumpHook
run Fernhollow.app
