$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "marrowby"
Marrowby.boot
use RackBase::ConsumeMemory, Marrowby::ROOT
run Marrowby.app
