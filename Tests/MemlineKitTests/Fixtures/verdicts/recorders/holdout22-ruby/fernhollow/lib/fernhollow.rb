# Fernhollow (garden centres, click and collect): the controllers as a Rack stand-in writing Rails 7's tagged
# production.log (config.log_tags = [:request_id, ->(req) { Process.pid }]).
require "standin"
require_relative "../app/controllers/application_controller"

module Fernhollow
  ROOT = File.expand_path("..", __dir__)
  PLANT_NAMES = File.readlines("/usr/share/dict/words", chomp: true).first(4000) rescue Array.new(4000) { |i| "plant#{i}" }

  module Controllers
    module_function

    # the session the customer's cookie (or the app's token) resolves to: profile, basket, recently viewed (~640 KB)
    def current_customer(req)
      rng = Random.new(req.get_header("HTTP_X_REQUEST_ID").to_s.hash)
      { name: "customer #{rng.rand(10**6)}", profile: "x" * 24_000,
        basket: Array.new(40) { |i| "sku-#{rng.rand(10**5)} #{PLANT_NAMES[rng.rand(4000)]} " * 20 + i.to_s },
        recently_viewed: Array.new(200) { "plant-#{rng.rand(60_000)} " * 250 } }
    end

    def before_actions(req)
      ApplicationController.track_app_session(req, current_customer(req))
    end

    def plant(_req, id, _env)
      sleep 0.02
      [200, "<h1>Plant #{id}</h1>" + PLANT_NAMES.sample(30).join(", "), 4.1]
    end

    def orders(_req, _id, _env)
      sleep 0.03
      [200, "<table>" + Array.new(25) { |i| "<tr><td>order #{i}</td></tr>" }.join + "</table>", 9.8]
    end

    def basket_add(_req, _id, _env)
      sleep 0.015
      [201, "added", 3.2]
    end

    def stock(_req, id, _env)
      sleep 0.02
      [200, "<ul>" + Array.new(60) { |i| "<li>#{PLANT_NAMES[i * 7]}: #{i % 9}</li>" }.join + "</ul>", 6.6]
    end

    # SearchController#index: loads every variety row and scores it in Ruby (FH-877): ~1 s, ~90 MB of short-lived objects
    def search(req, _id, _env)
      q = req.GET["q"].to_s.tr("+", " ")
      rows = Array.new(260_000) { |i| "#{PLANT_NAMES[i % 4000]} #{i} #{q} peat-free hardy perennial" }
      scored = rows.map { |r| [r.length ^ q.hash, r] }.sort_by(&:first).first(50)
      [200, "<ol>" + scored.map { |_, r| "<li>#{r}</li>" }.join + "</ol>", 212.4]
    end

    def up(_req, _id, _env) = [200, "ok", 0.0]
  end

  ROUTES = [
    ["GET", %r{\A/plants/(\d+)\z}, "PlantsController#show", :plant],
    ["GET", %r{\A/orders\z}, "OrdersController#index", :orders],
    ["POST", %r{\A/basket/items\z}, "BasketItemsController#create", :basket_add],
    ["GET", %r{\A/stores/([\w-]+)/stock\z}, "StoresController#stock", :stock],
    ["GET", %r{\A/search\z}, "SearchController#index", :search],
    ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
  ]

  def self.app = Standin::App.new(root: ROOT, routes: ROUTES, style: :rails_tagged, target: Controllers)
end
