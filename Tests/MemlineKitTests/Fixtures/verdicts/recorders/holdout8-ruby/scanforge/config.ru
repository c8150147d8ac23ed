$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "scanforge"
use Scanforge::HeapDumpHook
run Scanforge::App.new
