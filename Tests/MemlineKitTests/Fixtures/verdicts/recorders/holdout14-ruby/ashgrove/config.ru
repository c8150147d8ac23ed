$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "ashgrove"
# config/initializers/consume_memory.rb (AG-40): RSS before/after each request in log/memory.log
use RackBase::ConsumeMemory, Ashgrove::ROOT
use Ashgrove::HeapDump
run Ashgrove.app
