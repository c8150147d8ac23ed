# Wickmoor Clinic patient portal (Rack stand-in for the Rails app; writes Rails' production.log format).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "wickmoor"
use Wickmoor::GcStatReporter
use Wickmoor::OobGcCanary
run Wickmoor::App.new
