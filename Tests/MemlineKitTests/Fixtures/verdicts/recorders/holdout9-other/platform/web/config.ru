# tallybook: the web app of the h9-platform-invoice-worker incident, a Rack app served by Debian's Puma 5.6.5 in
# single mode (4 threads) on each web dyno. Its Rails log level is warn: it prints nothing per request (the
# router's lines are the request log). At boot it loads the tax-rate and currency tables (~60 MB of objects).
#   GET  /invoices/:id          small JSON
#   GET  /dashboard             ~2k short-lived objects
#   POST /invoices              small
#   GET  /up                    health check
require "json"

$stdout.sync = true
RATES = Array.new(300_000) { |i| "rate-#{i}-" + ("r" * 100) }

def small(n) = Array.new(n) { |i| { "id" => i, "amount_cents" => i * 1250, "currency" => "EUR" } }.to_json.bytesize

def dashboard
  rows = Array.new(2_000) { |i| { "customer" => RATES[(i * 31) % RATES.size][0, 12], "open" => i % 17 } }
  rows.sort_by { |r| -r["open"] }.first(25).to_json.bytesize
end

app = lambda do |env|
  path = env["PATH_INFO"]
  sleep((2 + rand * 10) / 1000.0) # the database
  size = case path
         when %r{\A/invoices/\d+\z} then small(40)
         when "/dashboard" then dashboard
         when "/invoices" then small(3)
         else 2
         end
  [env["REQUEST_METHOD"] == "POST" ? 201 : 200, { "content-type" => "application/json" }, ["x" * [size / 40, 20].max]]
end

puts "=> Booting Puma"
puts "=> Rails 7.1.3 application starting in production"
run app
