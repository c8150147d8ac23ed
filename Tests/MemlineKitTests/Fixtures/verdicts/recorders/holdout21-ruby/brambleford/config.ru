$LOAD_PATH.unshift File.expand_path("lib", __dir__)
$LOAD_PATH.unshift File.expand_path("vendor/peckwatch/lib", __dir__)
require "brambleford"
# config/initializers/gc_stat_logger.rb (BF-398): GC.stat every 25 requests per worker, as a Logger line in log/gc_stat.log
use RackBase::GcStatLogger, Brambleford::ROOT, 25
# config/initializers/heap_dump.rb (BF-412): `touch tmp/heapdump.PID` makes that worker write log/heap-PID-<UTC time>.json
use RackBase::HeapDumpHook
run Brambleford.app
