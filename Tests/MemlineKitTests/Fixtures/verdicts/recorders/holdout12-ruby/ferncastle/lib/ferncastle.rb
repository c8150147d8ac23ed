# Ferncastle (DIY and garden store): a Rack stand-in for its Rails 6.1 app on unicorn, logging with lograge (key=value)
# through Rails' Logger (prefix with pid) into log/production.log.
require "ferncastle/base"
require "json"

module Ferncastle
  ROOT = File.expand_path("..", __dir__)

  # FC-140: the partner stock feed memoised per (warehouse, since) "so a retry within the minute is free". `since` is
  # the partner's last poll time, a new key every call, and nothing is ever evicted.
  module StockFeed
    SNAPSHOTS = {}
    def self.for(warehouse, since)
      SNAPSHOTS[[warehouse, since, SNAPSHOTS.size]] ||= begin
        items = Array.new(1_400) { |i| { "sku" => "FC-#{warehouse}-#{i}", "on_hand" => (i * 7 + since) % 130, "bin" => "A#{i % 40}-#{i % 9}" } }
        { "json" => JSON.generate({ "warehouse" => warehouse, "since" => since, "items" => items }), "skus" => items.map { |it| it["sku"] } }
      end
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_kv, target: Controllers.new, routes: [
      ["GET", %r{\A/api/v2/stock_feed\z}, "Api::V2::StockFeedsController#index", :stock_feed],
      ["GET", %r{\A/healthz\z}, "HealthController#show", :health],
      ["GET", %r{\A/products/(\d+)\z}, "ProductsController#show", :product],
      ["GET", %r{\A/categories/([\w-]+)\z}, "CategoriesController#show", :category],
      ["POST", %r{\A/basket/lines\z}, "BasketLinesController#create", :basket],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def stock_feed(req, _id)
      snap = StockFeed.for(req.params["warehouse"].to_s, req.params["since"].to_i)
      sleep 0.02
      [200, snap["json"][0, 200], 14.2]
    end

    def health(_req, _id) = [200, "ok", 0.4]
    def product(_req, id) = (sleep 0.012; [200, "<h1>Product #{id}</h1>" + ("<li>spec</li>" * 50), 5.6])
    def category(_req, slug) = (sleep 0.018; [200, "<h1>#{slug}</h1>" + ("<div>tile</div>" * 150), 9.3])
    def basket(req, _id) = (req.body.read; sleep 0.015; [302, "", 6.0])
    def home(_req, _id) = (sleep 0.006; [200, "<h1>Ferncastle</h1>", 1.1])
  end
end
