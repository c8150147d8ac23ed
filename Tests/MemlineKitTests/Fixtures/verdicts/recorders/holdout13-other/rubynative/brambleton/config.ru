$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "brambleton"
Brambleton.start_background
use Brambleton::MemoryLog
use Brambleton::RequestLog
run Brambleton::App.new
