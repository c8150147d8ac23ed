# Saltmere (grocery loyalty: products, store offers, points claims from till receipts): a Rack stand-in for its
# Rails 7.1 app on puma, lograge key=value lines after the Ruby Logger prefix in log/production.log.
require "saltmere/base"
require "saltmere/claim_audit"

module Saltmere
  ROOT = File.expand_path("..", __dir__)
  RackBase.heap_trace!(ROOT, "heap.%<pid>d.%<n>d.json") # the hook; tracing itself is switched off again below
  ObjectSpace.trace_object_allocations_stop

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_kv, target: Controllers.new, routes: [
      ["GET", %r{\A/products/(\d+)\z}, "ProductsController#show", :product],
      ["GET", %r{\A/stores/(\w+)/offers\z}, "OffersController#index", :offers],
      ["GET", %r{\A/feeds/products\.xml\z}, "FeedsController#products", :feed],
      ["POST", %r{\A/loyalty/claims\z}, "Loyalty::ClaimsController#create", :claim],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
    ])
  end

  class Controllers
    def product(_req, id) = (sleep 0.008; [200, "<h1>Product #{id}</h1>" + ("<li>nutrition</li>" * 40), 3.1])
    def offers(_req, id) = (sleep 0.012; [200, Array.new(30) { |i| "<li>#{id} offer #{i}</li>" }.join, 6.4])
    def up(_req, _id) = [200, "ok", 0.0]

    # the partner product feed (every price comparison site polls it): the whole catalogue as XML, built and dropped
    def feed(_req, _id)
      items = Array.new(9_000) { |i| "<item><id>SM#{i}</id><title>Item #{i} #{"organic " * (i % 7)}</title><price>#{(i * 0.37).round(2)}</price></item>" }
      xml = "<?xml version=\"1.0\"?><feed>#{items.join}</feed>"
      sleep 0.02
      [200, xml[0, 64], 14.7]
    end

    # POST /loyalty/claims: the till receipt scan (a ~0.7 MB JPEG, decoded from the app's base64 upload) is checked
    # and the points are credited
    def claim(req, _id)
      member = req.params["member"].to_i
      scan = SecureRandom.random_bytes(700_000)
      lines = Array.new(12) { |i| "SKU#{member % 977 + i}" }
      ClaimAudit.remember(member, scan, lines)
      sleep 0.03
      [201, "claimed", 8.8]
    end
  end
end
