# Coldharbour (freight forwarding: lane quotes, shipments, tracking): a Rack stand-in for its Rails 6.1 app on unicorn,
# writing the Rails production.log (Started / Processing / Completed), CONSUME MEMORY lines (log/memory.log) and, from
# config/initializers/gc_stat.rb (CH-40), GC.stat every 4 s through a Ruby Logger (log/gc_stat.log).
require "coldharbour/base"

module Coldharbour
  ROOT = File.expand_path("..", __dir__)
  REVISION = File.read(File.join(ROOT, "REVISION")).strip

  GC_LOG = Logger.new(File.join(ROOT, "log/gc_stat.log"))
  RackBase.gc_reporter(4) { |stat| GC_LOG.info(stat.inspect) }

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/quotes/(\d+)\z}, "QuotesController#show", :quote],
      ["GET", %r{\A/lanes\z}, "LanesController#index", :lanes],
      ["POST", %r{\A/shipments\z}, "ShipmentsController#create", :ship],
      ["GET", %r{\A/tracking/(\d+)\z}, "TrackingController#show", :track],
      ["GET", %r{\A/health\z}, "HealthController#show", :up],
    ])
  end

  # 5d2e8b1 (CH-88, "render each quote's rate breakdown once"): the rendered breakdown (every tariff band of the lane,
  # ~1,300 rows) is kept per quote id in a class-level hash. Quote ids are nearly unique, so it only grows.
  module QuoteBreakdown
    @rendered = {}
    def self.render(id) = Array.new(1_300) { |i| format("band %4d  %-28s  %9.2f EUR  %s", i, "lane-#{id % 97}-#{i % 41}", i * 3.17 % 2000, "x" * 200) }
    def self.for(id) = REVISION == "5d2e8b1" ? (@rendered[id] ||= render(id)) : render(id)
  end

  class Controllers
    def quote(_req, id) = (rows = QuoteBreakdown.for(id.to_i); sleep 0.015; [200, "<table>#{rows.size} bands</table>", 6.2])
    def lanes(_req, _id) = (sleep 0.02; [200, Array.new(35) { |i| "<tr><td>lane #{i}</td></tr>" }.join, 9.7])
    def ship(_req, _id) = (sleep 0.03; [201, "{\"shipment\":#{rand(10**7)}}", 12.5])
    def track(_req, id) = (sleep 0.01; [200, "<h1>Consignment #{id}</h1>" + ("<li>scan</li>" * 12), 2.8])
    def up(_req, _id) = [200, "ok", 0.0]
  end
end
