# Saffronleigh (spice merchant's web shop): a Rack stand-in for its Rails 7.1 app on puma cluster mode, Rails'
# production.log tagged with the request id, GC.stat envelope lines per worker (log/gc_stat.jsonl, every 3 s).
require "saffronleigh/base"
require "saffronleigh/recipe_cards"

module Saffronleigh
  ROOT = File.expand_path("..", __dir__)
  CARDS = RecipeCards.new(Integer(ENV.fetch("RECIPE_CARD_CACHE", "40")))

  def self.booted? = @booted_pid == Process.pid

  # config/initializers/gc_stat_log.rb (SL-212)
  def self.boot(index)
    return if booted?
    @booted_pid = Process.pid
    log = File.open(File.join(ROOT, "log/gc_stat.jsonl"), "a")
    log.sync = true
    RackBase.gc_reporter(3) { |s| log.write(JSON.generate({ "time" => Time.now.to_f.round(3), "pid" => Process.pid, "worker" => index, "app" => "saffronleigh", "gc" => s }) + "\n") }
  end

  def self.app
    RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["GET", %r{\A/recipes/(\d+)\z}, "RecipesController#show", :recipe],
      ["GET", %r{\A/products/(\d+)\z}, "ProductsController#show", :product],
      ["POST", %r{\A/cart/items\z}, "CartItemsController#create", :cart],
      ["GET", %r{\A/admin/exports/orders\.csv\z}, "Admin::OrderExportsController#index", :orders_export],
      ["GET", %r{\A/\z}, "StorefrontController#index", :home],
    ])
  end

  class Controllers
    def recipe(_req, id)
      card = CARDS.fetch(id.to_i) do
        { "id" => id.to_i, "steps" => Array.new(60) { |s| "step #{s}: toast #{%w[cumin coriander fennel cardamom][s % 4]} seeds #{"and grind finely " * 12}" },
          "pairings" => Array.new(300) { |p| "pairing #{p} for recipe #{id}: #{%w[lamb aubergine chickpea paneer][p % 4]} #{"with yoghurt " * 20}" } }
      end
      sleep 0.01
      [200, "<h1>Recipe #{card["id"]}</h1>#{card["steps"].first}", 4.6]
    end

    def product(_req, id)
      sleep 0.007
      [200, "<h1>Product #{id}</h1>" + ("<li>origin</li>" * 20), 3.3]
    end

    def cart(req, _id)
      req.body.read
      sleep 0.012
      [201, "ok", 6.2]
    end

    # GET /admin/exports/orders.csv: a year of orders (~2.6M lines) written into one CSV String, then send_data
    def orders_export(_req, _id)
      csv = +""
      2_600_000.times { |i| csv << "SL#{1_000_000 + i},2026-#{(i % 12 + 1).to_s.rjust(2, "0")}-#{(i % 28 + 1).to_s.rjust(2, "0")},#{%w[saffron sumac za'atar ras-el-hanout][i % 4]},#{i % 9 + 1},#{(i % 4000) / 100.0}\n" }
      [200, "#{csv.bytesize} bytes", 1840.0]
    end

    def home(_req, _id)
      sleep 0.004
      [200, "<h1>Saffronleigh</h1>", 1.1]
    end
  end
end
