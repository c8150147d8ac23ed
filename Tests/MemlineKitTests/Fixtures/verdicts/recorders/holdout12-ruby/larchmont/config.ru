$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "larchmont"
# config/initializers/consume_memory.rb (LM-33): RSS before/after each request in log/memory.log
use RackBase::ConsumeMemory, Larchmont::ROOT
run Larchmont.app
