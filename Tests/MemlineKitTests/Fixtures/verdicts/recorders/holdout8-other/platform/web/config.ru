# larkspur-books: the web app of the h8-platform-r14-restart incident, a Rack app served by Debian's Puma 5.6.5 in
# single mode (3 threads) on each web dyno. It logs one lograge key=value line per request (as Rails 7 with
# lograge and RAILS_LOG_TO_STDOUT does, no Logger prefix: the drain stamps the lines).
#
# At boot it loads the ISBN catalog index (~150 MB of Ruby objects).
#   GET  /books/:isbn                       BooksController#show              small
#   GET  /search?q=…                        SearchController#index            ~3k short-lived objects
#   POST /cart/items                        CartItemsController#create        small
#   POST /admin/catalog_imports             Admin::CatalogImportsController#create   a publisher's ONIX feed
#        upload parsed in the request: ~2.2M row strings (~330 MB) built, checked, handed to the import job
#        and dropped; Ruby and glibc keep the pages (the dyno stays high until it is restarted)
#   GET  /healthz                           HealthController#show
require "json"
require "securerandom"

$stdout.sync = true
CATALOG = Array.new(700_000) { |i| "978-3-#{format('%06d', i)}-" + ("t" * 110) }

def small(n) = Array.new(n) { |i| { "id" => i, "title" => "Book #{i}", "price" => i * 100 } }.to_json.bytesize

def search(q)
  hits = Array.new(1_000) { |i| { "isbn" => CATALOG[(q.hash + i) % CATALOG.size][0, 17], "score" => (i * 7) % 100 } }
  hits.sort_by { |h| -h["score"] }.first(20).to_json.bytesize
end

def onix_import
  rows = Array.new(2_200_000) { |i| "<Product><RecordReference>#{i}</RecordReference>" + ("o" * 90) }
  sleep(2.5) # validating against the catalog
  n = rows.count { |r| r.getbyte(3) == 114 }
  rows = nil
  n
end

ROUTES = [
  [%r{\AGET /books/[\d-]+\z}, "BooksController", "show", "html"],
  [%r{\AGET /search\z}, "SearchController", "index", "html"],
  [%r{\APOST /cart/items\z}, "CartItemsController", "create", "json"],
  [%r{\APOST /admin/catalog_imports\z}, "Admin::CatalogImportsController", "create", "json"],
  [%r{\AGET /healthz\z}, "HealthController", "show", "json"]
].freeze

app = lambda do |env|
  verb = env["REQUEST_METHOD"]
  path = env["PATH_INFO"]
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  a0 = GC.stat(:total_allocated_objects)
  route = ROUTES.find { |r, *| r.match?("#{verb} #{path}") }
  unless route
    puts "method=#{verb} path=#{path} format=html controller=ApplicationController action=not_found status=404 duration=0.41 view=0.00 db=0.00"
    next [404, { "content-type" => "text/plain" }, ["not found"]]
  end
  _, ctrl, action, fmt = route
  db = 1 + rand * 8
  sleep(db / 1000.0)
  v0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  size = case ctrl
         when "BooksController" then small(60)
         when "SearchController" then search(env["QUERY_STRING"].to_s)
         when "CartItemsController" then small(5)
         when "Admin::CatalogImportsController" then onix_import
         else 2
         end
  ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
  view = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - v0) * 1000
  status = verb == "POST" ? 201 : 200
  puts "method=#{verb} path=#{path} format=#{fmt} controller=#{ctrl} action=#{action} status=#{status} " \
       "duration=#{format('%.2f', ms)} view=#{format('%.2f', view)} db=#{format('%.2f', db)} " \
       "request_id=#{env['HTTP_X_REQUEST_ID']} allocations=#{GC.stat(:total_allocated_objects) - a0}"
  [status, { "content-type" => "application/json" }, ["x" * [size / 50, 20].max]]
end

run app
