$LOAD_PATH.unshift File.expand_path("lib", __dir__)
$LOAD_PATH.unshift File.expand_path("vendor/gems/rack-breadcrumbs-0.4.2/lib", __dir__)
require "kestrelmoor"
require "rack/breadcrumbs"
# KM-61: `echo PID > tmp/heapdump.request` makes puma write log/kestrelmoor-<n>.heap after its next request
use RackBase::HeapDumpHook
# the error reporter attaches the last requests' breadcrumbs to each exception report (vendored: vendor/gems)
use Rack::Breadcrumbs, keep: ENV["BREADCRUMBS_KEEP"]
run Kestrelmoor.app
