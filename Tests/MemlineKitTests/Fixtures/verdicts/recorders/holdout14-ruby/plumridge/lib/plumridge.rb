# Plumridge (recipe boxes: weekly plans, swaps, a recipe library): a Rack stand-in for its Rails 7.0 app on puma,
# lograge JSON lines in log/production.log.
require "plumridge/base"

module Plumridge
  ROOT = File.expand_path("..", __dir__)

  # PR-33: rendered recipe cards (this week's menu: 60 recipes) and box plans (40 plan templates), LRU per worker,
  # capped at 120 entries (15-110 KB each)
  module CardCache
    STORE = {}
    LOCK = Mutex.new
    CAP = 120
    def self.fetch(key)
      LOCK.synchronize do
        if (v = STORE.delete(key))
          return STORE[key] = v
        end
      end
      v = yield
      LOCK.synchronize do
        STORE[key] = v
        STORE.delete(STORE.first[0]) while STORE.size > CAP
      end
      v
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_json, target: Controllers.new, routes: [
      ["GET", %r{\A/recipes/(\d+)\z}, "RecipesController#show", :recipe],
      ["GET", %r{\A/search\z}, "SearchController#index", :search],
      ["GET", %r{\A/boxes/(\d+)/plan\z}, "BoxesController#plan", :plan],
      ["POST", %r{\A/boxes/(\d+)/swap\z}, "BoxesController#swap", :swap],
      ["GET", %r{\A/healthz\z}, "HealthController#show", :health],
    ])
  end

  class Controllers
    def card(kind, id)
      rng = Random.new(id.to_i)
      CardCache.fetch("#{kind}/#{id}") { Array.new(rng.rand(25..180)) { |i| "<p>step #{i}: #{"chop stir simmer " * rng.rand(10..60)}</p>" }.join }
    end

    def recipe(_req, id) = (sleep 0.01; [200, card(:recipe, id), 4.8])
    def plan(_req, id) = (sleep 0.015; [200, card(:plan, id.to_i % 40), 9.1])
    def swap(_req, _id) = (sleep 0.02; [201, "swapped", 6.6])
    def health(_req, _id) = [200, "ok", 0.0]

    def search(req, _id)
      hits = Array.new(2_000) { |i| { "id" => i, "title" => "#{req.params["q"]} #{i}", "score" => rand } }
      sleep 0.008
      [200, JSON.generate(hits.max_by(20) { |h| h["score"] }), 3.2]
    end
  end
end
