# frozen_string_literal: true

# rackup file for puma (config/puma.rb). Gems come from vendor/bundle like `bundle install --deployment` left them.
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
$LOAD_PATH.unshift File.expand_path("vendor/bundle/ruby/3.1.0/gems/rack-metrics-1.2.0/lib", __dir__)
require "rack"
require "tillpoint"

if Tillpoint::SITE == "receipts"
  require "rack/metrics"
  # Rack::Metrics.reporter = StatsdReporter.new(...)   # TODO(ops-412): wire to statsd once the agent is on the hosts
  use Rack::Metrics, sample_body: 12 * 1024
end
run Tillpoint::App.new
