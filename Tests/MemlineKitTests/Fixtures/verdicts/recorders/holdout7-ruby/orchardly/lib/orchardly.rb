# Orchardly (farm co-op marketplace) storefront: a bare Rack app standing in for Rails 7.1 with lograge's JSON
# formatter (custom_options: time, pid, request_id; keep_original_rails_log false).
require "json"
require "logger"
require "securerandom"
require "time"
require "rack"

module Orchardly
  ROOT = File.expand_path("..", __dir__)

  class JsonLines < ::Logger::Formatter
    def call(_severity, _time, _progname, msg) = "#{msg}\n"
  end

  def self.logger = @logger ||= Logger.new(File.join(ROOT, "log/production.log")).tap { |l| l.formatter = JsonLines.new }

  def self.after_fork
    @logger = nil
  end

  # Per-worker price sheets, one per category (24 categories x 400 products), built on first use and kept:
  # bounded by the catalogue (the same 24 keys forever), refreshed in place at the next price import.
  module PriceSheets
    SHEETS = {}
    def self.for(category)
      SHEETS[category] ||= Array.new(400) do |i|
        { "sku" => "OC-#{category}-#{i}", "label" => "Bio-Aepfel Sorte #{i} (Kiste #{category})".ljust(220, "."),
          "tiers" => Array.new(6) { |t| (i * 17 + t * 31) % 900 + 99 } }.freeze
      end.freeze
    end
  end

  class App
    ROUTES = [
      ["GET", %r{\A/\z}, "StorefrontController", "index", :home, "html"],
      ["GET", %r{\A/products/(?<id>\d+)\z}, "ProductsController", "show", :product, "html"],
      ["GET", %r{\A/farms/(?<id>\d+)\z}, "FarmsController", "show", :farm, "html"],
      ["POST", %r{\A/cart/items\z}, "CartItemsController", "create", :add_item, "json"],
      ["GET", %r{\A/orders/(?<id>\d+)\z}, "OrdersController", "show", :order, "html"],
      ["GET", %r{\A/reports/harvest\.xlsx\z}, "Reports::HarvestController", "show", :harvest, "xlsx"],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      route = ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      return [404, { "content-type" => "text/plain" }, ["Not Found"]] unless route
      _, re, controller, action, handler, fmt = route
      params = req.GET.merge(req.POST)
      (re.match(req.path_info).named_captures || {}).each { |k, v| params[k] = v }
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      status, body, db = send(handler, params)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      Orchardly.logger.info(JSON.generate({
        "method" => req.request_method, "path" => req.path_info, "format" => fmt, "controller" => controller,
        "action" => action, "status" => status, "duration" => ms.round(2), "view" => [(ms - db) * 0.8, 0].max.round(2),
        "db" => db.round(2), "time" => Time.now.utc.iso8601(3), "pid" => Process.pid,
        "request_id" => env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid, "host" => "oc-web-2"
      }))
      [status, { "content-type" => fmt == "json" ? "application/json" : "text/html" }, [body]]
    end

    private

    def db(ms) = sleep(ms / 1000.0)

    def home(_)
      db(6)
      [200, "<ul>" + Array.new(60) { |i| "<li>Hof #{i}</li>" }.join + "</ul>", 6]
    end

    # GET /reports/harvest.xlsx: every farm's season as one sheet, built in memory (the co-op board's export)
    def harvest(params)
      db(80)
      sheet = Array.new(140_000) { |i| ["Hof #{i % 120}", "Parzelle #{i % 900}", "#{params["season"]}-#{format("%02d", i % 12 + 1)}-01", "#{i % 500} kg Aepfel Elstar Klasse I", format("%.2f", i * 0.37)] }
      xml = sheet.map { |r| "<row>" + r.map { |c| "<c t=\"s\"><v>#{c}</v></c>" }.join + "</row>" }
      [200, xml.size.to_s, 80]
    end

    def product(params)
      db(5)
      sheet = PriceSheets.for(params["id"].to_i % 24)
      [200, "<h1>#{sheet[params["id"].to_i % 400]["label"]}</h1>", 5]
    end

    def farm(params)
      db(7)
      [200, "<h1>Hof #{params["id"]}</h1>" + Array.new(80) { |i| "<p>Erzeugnis #{i}</p>" }.join, 7]
    end

    def order(params)
      db(8)
      [200, JSON.generate(Array.new(30) { |i| { "line" => i, "order" => params["id"] } }), 8]
    end

    def add_item(params)
      db(9)
      [201, JSON.generate({ "product_id" => params["product_id"], "qty" => params["qty"] }), 9]
    end
  end
end
