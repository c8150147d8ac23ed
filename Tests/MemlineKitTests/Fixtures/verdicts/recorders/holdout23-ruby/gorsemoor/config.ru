$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "gorsemoor"
Gorsemoor::GcProbe.start(File.join(__dir__, "log/gc_stat.log"), 5)
use Gorsemoor::ReadingBatch::Flush
run Gorsemoor.app
