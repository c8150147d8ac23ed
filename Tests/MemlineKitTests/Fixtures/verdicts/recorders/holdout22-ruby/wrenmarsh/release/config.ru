$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "wrenmarsh"
use Standin::ConsumeMemory, Wrenmarsh::SHARED
run Wrenmarsh.app
