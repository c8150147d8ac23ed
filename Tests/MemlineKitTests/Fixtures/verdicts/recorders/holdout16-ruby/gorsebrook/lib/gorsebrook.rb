# Gorsebrook (garden centres: plants, baskets, trade orders): a Rack stand-in for its Rails 6.1 app on unicorn, lograge
# JSON lines in log/production.log.
require "gorsebrook/base"

module Gorsebrook
  ROOT = File.expand_path("..", __dir__)

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_json, target: Controllers.new, routes: [
      ["GET", %r{\A/plants/(\d+)\z}, "PlantsController#show", :plant],
      ["GET", %r{\A/basket\z}, "BasketsController#show", :basket],
      ["POST", %r{\A/orders\z}, "OrdersController#create", :order],
      ["GET", %r{\A/exports/wholesale_orders\.csv\z}, "Exports::WholesaleOrdersController#show", :export],
      ["GET", %r{\A/ping\z}, "PingController#show", :ping],
    ])
  end

  class Controllers
    def plant(_req, id) = (sleep 0.01; [200, "<h1>Plant #{id}</h1>" + ("<li>care</li>" * 20), 3.7])
    def basket(_req, _id) = (sleep 0.012; [200, Array.new(12) { |i| "<li>line #{i}</li>" }.join, 5.2])
    def order(_req, _id) = (sleep 0.03; [201, "{\"order\":#{rand(10**6)}}", 11.4])
    def ping(_req, _id) = [200, "pong", 0.0]

    # the trade customers' order export (nurseries, landscapers): the season's order lines as CSV, built per request
    def export(req, _id)
      n = 15_000 + (req.env["HTTP_X_REQUEST_ID"].to_s.hash % 125_000).abs
      rows = Array.new(n) { |i| "GB-#{i},order-#{i * 7 % 99_991},#{i % 40 + 1},#{"%.2f" % (i * 0.91 % 300)},#{"trays" * (1 + i % 3)}" }
      csv = rows.join("\n")
      sleep 0.03
      [200, csv[0, 100], 22.6]
    end
  end
end
