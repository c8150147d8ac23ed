# Brackenfold Dairy herd portal (Rack stand-in for the Rails app; request lines in lograge's key=value format).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "brackenfold"
Brackenfold::HeapDump.watch("/srv/brackenfold/tmp/heapdump", "/srv/brackenfold/tmp/heap.json")
run Brackenfold::App.new
