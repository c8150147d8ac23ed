# Quarrymoor (wholesale ordering for food producers, one tenant per producer, /t/<slug>/...): a Rack stand-in for its
# Rails 5.2 app on unicorn, the classic production.log (Started / Processing / Parameters / Completed, Logger prefix
# with the worker pid, no tags).
require "quarrymoor/base"
require "quarrymoor/dashboard_widgets"

module Quarrymoor
  ROOT = File.expand_path("..", __dir__)

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/t/([a-z-]+)/dashboard\z}, "DashboardsController#show", :dashboard],
      ["GET", %r{\A/t/([a-z-]+)/orders/\d+\z}, "OrdersController#show", :order],
      ["POST", %r{\A/t/([a-z-]+)/orders\z}, "OrdersController#create", :create_order],
      ["POST", %r{\A/imports/bulk\z}, "Imports::BulkController#create", :bulk],
      ["GET", %r{\A/up\z}, "HealthController#show", :up],
    ])
  end

  class Controllers
    def order(_req, t) = (sleep 0.011; [200, "<h1>#{t} order</h1>" + ("<li>crate</li>" * 24), 4.6])
    def create_order(_req, t) = (sleep 0.028; [201, "{\"tenant\":\"#{t}\",\"order\":#{rand(10**6)}}", 12.2])
    def up(_req, _t) = [200, "ok", 0.0]

    def dashboard(_req, tenant)
      html = DashboardWidgets.render(tenant)
      sleep 0.018
      [200, html[0, 200], 9.7]
    end

    # the ops team's nightly-style bulk price import (a CSV of every producer's price list), parsed and applied in one request
    def bulk(_req, _t)
      rows = Array.new(210_000) { |i| "sku-#{i},#{%w[kg crate each][i % 3]},#{"%.2f" % (i * 0.37 % 90)},#{"price" * (1 + i % 4)}" }
      applied = rows.map { |r| r.split(",", 4) }.count { |f| f[2].to_f > 1.0 }
      sleep 0.05
      [201, "{\"applied\":#{applied}}", 63.0]
    end
  end
end
