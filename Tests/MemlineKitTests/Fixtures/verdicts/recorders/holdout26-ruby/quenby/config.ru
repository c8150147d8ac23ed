# Quenby Lending Library (catalogue search, holds, overdue notices) on one platform web dyno: a Rack stand-in for the
# Rails app; with RAILS_LOG_TO_STDOUT the Rails lines (Started / Processing by / Completed) go to stdout unprefixed.
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "quenby"
run Quenby::App.new
