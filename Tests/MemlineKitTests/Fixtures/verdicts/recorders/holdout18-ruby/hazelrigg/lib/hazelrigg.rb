# Hazelrigg (garden centre chain: product pages, stock by store, click-and-collect orders): a Rack stand-in for its
# Rails 7.0 app on puma single mode, writing a tagged Rails production.log ([request-id] Started/Processing/Completed).
# Each page is rendered into one big output buffer (0.4-0.9 MB), dropped after the response: glibc keeps the freed
# space in the serving thread's malloc arena, so each new puma thread adds an arena's worth of RSS once, then reuses it.
require "hazelrigg/base"

module Hazelrigg
  ROOT = File.expand_path("..", __dir__)
  RackBase.heap_trace!(ROOT, "heap-%<pid>d-%<n>d.json")

  def self.render_buffer
    buf = String.new(capacity: 400_000 + rand(500_000))
    buf << ("<div class=\"plant-card\">" * 24_000)
    buf.bytesize
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["GET", %r{\A/products/(\d+)\z}, "ProductsController#show", :product],
      ["GET", %r{\A/stores/(\d+)/stock\z}, "StockController#index", :stock],
      ["POST", %r{\A/collect_orders\z}, "CollectOrdersController#create", :order],
      ["GET", %r{\A/admin/stock_audit\z}, "Admin::StockAuditsController#index", :audit],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
    ])
  end

  class Controllers
    def product(_req, id) = (sleep 0.15 + rand * 0.2; Hazelrigg.render_buffer; [200, "<h1>product #{id}</h1>" + ("<li>care tip</li>" * 12), 5.2])
    def stock(_req, id) = (sleep 0.2 + rand * 0.25; Hazelrigg.render_buffer; [200, Array.new(40) { |i| "<tr><td>#{id}</td><td>#{i}</td></tr>" }.join, 14.9])
    def order(_req, _id) = (sleep 0.25 + rand * 0.15; Hazelrigg.render_buffer; [201, "{\"order\":#{rand(10**7)}}", 21.4])
    # the stock audit page: every store's counts for the week, rendered and dropped (only ops look at it)
    def audit(_req, _id) = (sleep 0.3; rows = Array.new(60_000) { |i| "store-#{i % 48},sku-#{i},#{i % 97}" }; [200, rows.size.to_s, 88.0])
    def up(_req, _id) = [200, "ok", 0.0]
  end
end
