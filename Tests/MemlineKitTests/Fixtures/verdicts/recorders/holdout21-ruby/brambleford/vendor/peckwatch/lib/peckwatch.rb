# peckwatch 0.9.3 (vendored gem): a tiny instrumentation bus, ActiveSupport::Notifications-style. Subscribers are kept
# in a class-level registry for the life of the process; `unsubscribe` exists but nothing in the app calls it.
require "peckwatch/notifier"
