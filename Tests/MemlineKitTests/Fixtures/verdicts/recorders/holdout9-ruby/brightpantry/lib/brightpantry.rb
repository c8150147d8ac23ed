# Brightpantry (grocery ordering): a Rack stand-in for its Rails 7.0 app, logging through lograge (JSON).
require "yaml"
require "brightpantry/base"

module Brightpantry
  ROOT = File.expand_path("..", __dir__)

  def self.after_fork(nr)
    tuning = YAML.safe_load(File.read(File.join(ROOT, "config/gc_tuning.yml")))
    GC.disable if tuning.dig("workers", nr, "gc") == false
    # lib/gcwatch.rb (BP-141): one JSON object per worker every 2 s in log/gcwatch.jsonl
    io = File.open(File.join(ROOT, "log/gcwatch.jsonl"), "a")
    io.sync = true
    RackBase.gc_reporter(2) do |s|
      io.write(JSON.generate({ "time" => Time.now.to_f.round(3), "pid" => Process.pid, "service" => "brightpantry-web",
                               "host" => "bp-web-4", "unicorn_worker" => nr, "gc" => s }) + "\n")
    end
  end

  def self.app
    RackBase::App.new(root: ROOT, style: :lograge_json, target: Controllers.new, routes: [
      ["GET", %r{\A/aisles/(\w+)\z}, "AislesController#show", :aisle],
      ["GET", %r{\A/products/(\d+)\z}, "ProductsController#show", :product],
      ["POST", %r{\A/cart/items\z}, "CartItemsController#create", :cart_add],
      ["GET", %r{\A/cart\z}, "CartsController#show", :cart],
      ["POST", %r{\A/checkout\z}, "CheckoutsController#create", :checkout],
      ["GET", %r{\A/admin/orders/export\.csv\z}, "Admin::OrderExportsController#show", :export],
    ])
  end

  class Controllers
    def tiles(n, seed)
      rng = Random.new(seed)
      Array.new(n) { |i| { "id" => rng.rand(10**6), "name" => "Produkt #{i} #{rng.rand(10**5)}", "price" => "#{rng.rand(99)},#{rng.rand(99)} EUR",
                           "badges" => %w[bio regional vegan].sample(2, random: rng) } }
    end

    def aisle(_req, id)
      html = tiles(120, id.hash).map { |t| "<li data-id=\"#{t["id"]}\">#{t["name"]} #{t["price"]} #{t["badges"].join(",")}</li>" }.join
      sleep 0.012
      [200, html, 7.1]
    end

    def product(_req, id)
      html = tiles(24, id.to_i).map { |t| "<div>#{t["name"]}</div>" }.join
      sleep 0.008
      [200, html, 3.3]
    end

    def cart_add(req, _id)
      req.body.read
      sleep 0.01
      [201, "{}", 4.2]
    end

    def cart(_req, _id)
      html = tiles(18, rand(1000)).map(&:to_s).join
      sleep 0.007
      [200, html, 2.9]
    end

    def checkout(_req, _id)
      sleep 0.03
      [201, JSON.generate(tiles(10, rand(1000))), 18.4]
    end

    # GET /admin/orders/export.csv: the day's orders as CSV, built in memory
    def export(_req, _id)
      csv = tiles(60_000, 7).map { |t| [t["id"], t["name"], t["price"], t["badges"].join("|")].join(";") }.join("\n")
      [200, "#{csv.bytesize}", 55.0]
    end
  end
end
