# pantrypal: the web app of the h10-platform-nutrition-r14-worker incident, a Rack app served by Debian's Puma 5.6.5
# in single mode (3 threads) on each web dyno. Its log level is warn: it prints nothing per request (the router's
# lines are the request log). At boot it loads the ingredient catalogue (~40 MB of objects).
#   GET  /recipes/:id                   recipe page JSON, small
#   GET  /search?q=…                    ~6k short-lived objects (ranking), 40-90 ms
#   GET  /api/recipes/:id/nutrition     the nutrition panel: NutritionFacts memoizes the computed panel keyed by
#                                       recipe, servings, locale AND the visitor's session id (a 2.6.0 change to
#                                       personalise units), never evicted: ~0.9 MB kept per request (the leak)
#   POST /cart/items                    small
#   GET  /up                            health check
require "json"

$stdout.sync = true
CATALOGUE = Array.new(240_000) { |i| "ingredient-#{i}-" + ("c" * 100) }

module NutritionFacts
  MEMO = {}
  LOCK = Mutex.new
  def self.panel(recipe, servings, locale, session)
    LOCK.synchronize do
      MEMO[[recipe, servings, locale, session]] ||=
        Array.new(1_800) { |i| "#{recipe}:#{i}:#{CATALOGUE[(recipe * 7 + i) % CATALOGUE.size][0, 16]}:" + ("n" * 420) }
    end
  end
end

def small(n) = Array.new(n) { |i| { "id" => i, "title" => "step #{i}", "minutes" => i % 30 } }.to_json.bytesize

def search(q)
  rows = Array.new(6_000) { |i| { "name" => CATALOGUE[(i * 13 + q.size) % CATALOGUE.size][0, 20], "score" => (i * 31) % 97 } }
  sleep(0.03 + rand * 0.04)
  rows.sort_by { |r| -r["score"] }.first(20).to_json.bytesize
end

app = lambda do |env|
  path = env["PATH_INFO"]
  sleep((3 + rand * 12) / 1000.0) # the database
  size = case path
         when %r{\A/api/recipes/(\d+)/nutrition\z}
           sleep(0.02 + rand * 0.05)
           NutritionFacts.panel(Regexp.last_match(1).to_i, 4, "en-GB", env["HTTP_X_SESSION"].to_s).first(40).join.bytesize
         when %r{\A/recipes/\d+\z} then small(30)
         when "/search" then search(env["QUERY_STRING"].to_s)
         when "/cart/items" then small(2)
         else 2
         end
  [env["REQUEST_METHOD"] == "POST" ? 201 : 200, { "content-type" => "application/json" }, ["x" * [size / 50, 20].max]]
end

puts "=> Booting Puma"
puts "=> Rails 7.0.8 application starting in production"
run app
