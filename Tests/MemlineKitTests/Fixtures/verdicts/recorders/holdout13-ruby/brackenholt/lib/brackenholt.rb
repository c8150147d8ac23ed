# Brackenholt (plant nursery: catalogue, raised-bed planner, orders): a Rack stand-in for its Rails 6.1 app on unicorn,
# Rails' default production.log (Logger prefix with pid, no tags).
require "brackenholt/base"
require "brackenholt/plant_search"

module Brackenholt
  ROOT = File.expand_path("..", __dir__)
  REVISION = File.read(File.join(ROOT, "REVISION")).strip rescue "unknown"

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/plants/(\d+)\z}, "PlantsController#show", :plant],
      ["GET", %r{\A/api/plant_search\z}, "Api::PlantSearchController#index", :search],
      ["GET", %r{\A/beds/(\d+)\z}, "BedsController#show", :bed],
      ["POST", %r{\A/orders\z}, "OrdersController#create", :order],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def plant(_req, id) = (sleep 0.011; [200, "<h1>Plant #{id}</h1>" + ("<p>care notes</p>" * 50), 4.4])
    def bed(_req, id) = (sleep 0.008; [200, "<h1>Bed #{id}</h1>" + ("<td>square</td>" * 64), 3.0])
    def order(req, _id) = (req.body.read; sleep 0.02; [302, "", 8.2])
    def home(_req, _id) = (sleep 0.003; [200, "<h1>Brackenholt</h1>", 0.5])

    def search(req, _id)
      results = PlantSearch.call(req.params["q"].to_s, req.params["page"].to_i)
      sleep 0.014
      [200, "#{results.size} plants", 11.6]
    end
  end
end
