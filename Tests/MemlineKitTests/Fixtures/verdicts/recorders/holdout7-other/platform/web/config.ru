# fernhill-pay: the web app of the h7-platform-export-job incident, a Rack app served by Debian's Puma 5.6.5 in
# single mode (5 threads) on each web dyno. It logs as Rails 6.1 does in production with RAILS_LOG_TO_STDOUT and
# log_tags [:request_id]: Logger::Formatter lines, Started / Processing by / Completed per request.
#
# At boot it loads the card BIN table and the merchant pricing catalog into memory (~330 MB of Ruby objects):
# the dyno sits at ~85% of its 512 MB quota from the start and stays there.
#
# Endpoints:
#   GET  /checkout/:token                  CheckoutsController#show             small
#   POST /api/v1/payments                  Api::V1::PaymentsController#create   ~4k short-lived objects
#   GET  /api/v1/payments/:id              Api::V1::PaymentsController#show     small
#   GET  /merchants/:id/statements.csv     StatementsController#show            ~40k rows (~6 MB) built and freed
#   GET  /healthz                          HealthController#show                tiny
require "json"
require "logger"
require "securerandom"

$stdout.sync = true
BIN_TABLE = Array.new(950_000) { |i| "bin-#{400000 + i}-" + ("c" * 120) }
CATALOG = Array.new(400_000) { |i| { "merchant" => i, "plan" => "p#{i % 40}", "fee" => (i % 290) / 100.0 } }

LOG = Logger.new($stdout)

def small(n) = Array.new(n) { |i| { "id" => i, "status" => "captured", "amount" => i * 100 } }.to_json.bytesize

def create_payment(body)
  req = JSON.parse(body) rescue {}
  risk = Array.new(1_500) { |i| { "rule" => i, "card" => req["card"] || "4242", "score" => (i * 7) % 100 } }
  risk.max_by { |r| r["score"] }.to_json.bytesize
end

def statements(id)
  rows = Array.new(40_000) { |i| "#{id},2026-11-#{1 + i % 30},TX#{i},#{(i * 13) % 50_000},EUR,captured,#{'x' * 80}" }
  sleep(0.05 + rand * 0.1)
  rows.join("\n").bytesize
end

ROUTES = [
  [%r{\AGET /checkout/(\w+)\z}, "CheckoutsController", "show", "HTML"],
  [%r{\APOST /api/v1/payments\z}, "Api::V1::PaymentsController", "create", "JSON"],
  [%r{\AGET /api/v1/payments/(\w+)\z}, "Api::V1::PaymentsController", "show", "JSON"],
  [%r{\AGET /merchants/(\d+)/statements\.csv\z}, "StatementsController", "show", "CSV"],
  [%r{\AGET /healthz\z}, "HealthController", "show", "JSON"]
].freeze

app = lambda do |env|
  verb = env["REQUEST_METHOD"]
  path = env["PATH_INFO"]
  rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
  ip = (env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]).to_s.split(",").first
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  a0 = GC.stat(:total_allocated_objects)
  LOG.info("[#{rid}] Started #{verb} \"#{path}\" for #{ip} at #{Time.now.utc.strftime('%Y-%m-%d %H:%M:%S +0000')}")
  route = ROUTES.find { |r, *| r.match?("#{verb} #{path}") }
  unless route
    LOG.info("[#{rid}] Completed 404 Not Found in 0ms (ActiveRecord: 0.0ms | Allocations: 12)")
    next [404, { "content-type" => "text/plain" }, ["not found"]]
  end
  _, ctrl, action, fmt = route
  LOG.info("[#{rid}] Processing by #{ctrl}##{action} as #{fmt}")
  db = 2 + rand * 10
  sleep(db / 1000.0)
  size = case ctrl
         when "CheckoutsController" then small(120)
         when "Api::V1::PaymentsController" then action == "create" ? create_payment(env["rack.input"].read) : small(40)
         when "StatementsController" then statements(path[%r{/merchants/(\d+)}, 1])
         else 2
         end
  ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
  status = action == "create" ? 201 : 200
  LOG.info("[#{rid}] Completed #{status} #{status == 201 ? 'Created' : 'OK'} in #{ms.round}ms " \
           "(Views: #{format('%.1f', ms * 0.3)}ms | ActiveRecord: #{format('%.1f', db)}ms | " \
           "Allocations: #{GC.stat(:total_allocated_objects) - a0})")
  [status, { "content-type" => fmt == "CSV" ? "text/csv" : "application/json" }, ["x" * [size / 50, 20].max]]
end

run app
