$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "quaymark"
use RackBase::ConsumeMemory, Quaymark::ROOT   # config/initializers/consume_memory.rb (QM-57)
run Quaymark.app
