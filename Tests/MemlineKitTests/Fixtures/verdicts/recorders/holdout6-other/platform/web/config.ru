# cargolane-api: the web app of the h6-platform-worker-job incident, a Rack app served by Debian's Puma 5.6.5 in
# cluster mode (2 workers, 4 threads, preload_app!) on each web dyno. One lograge-style JSON line per request on
# stdout (Rails logger with lograge's Json formatter: method, path, format, controller, action, status, duration,
# view, db, allocations, request_id).
#
# Endpoints:
#   GET  /api/v2/shipments/:id            Api::V2::ShipmentsController#show       small
#   GET  /api/v2/tracking/:code           Api::V2::TrackingController#show        small
#   POST /api/v2/quotes                   Api::V2::QuotesController#create        ~5k short-lived objects
#   GET  /dashboard                       DashboardController#index               ~8k short-lived objects
#   GET  /manifests/:id/export.xlsx       ManifestExportsController#show          builds a 60k-row sheet (~780k
#                                                                                 objects, ~25 MB) per request, freed
#   GET  /health                          HealthController#show                   tiny
require "json"
require "logger"

$stdout.sync = true
BOOT_OBJECTS = Array.new(180_000) { |i| "cargolane-web-#{i}-" + ("b" * 90) } # the booted Rails app

LOG = Logger.new($stdout)
LOG.formatter = proc { |_sev, _time, _prog, msg| "#{msg}\n" }

def small(n) = Array.new(n) { |i| { "id" => i, "status" => "in_transit", "eta" => "2026-12-09" } }.to_json.bytesize

def quote(body)
  req = JSON.parse(body) rescue {}
  legs = Array.new(2_500) { |i| { "leg" => i, "from" => req["from"] || "DEHAM", "to" => req["to"] || "USNYC", "cost" => i * 1.7 } }
  legs.min_by { |l| l["cost"] }.to_json.bytesize
end

def export_xlsx(id)
  rows = Array.new(60_000) do |i|
    ["M#{id}-#{i}", "DEHAM", "USNYC", "container #{i % 400}", (i * 13 % 2_000).to_s, "kg", "2026-12-0#{1 + i % 9}", "cleared"]
  end
  sheet = rows.map { |r| r.join("\t") }.join("\n")
  sleep(0.1 + rand * 0.2) # the xlsx writer
  sheet.bytesize / 6
end

ROUTES = [
  [%r{\AGET /api/v2/shipments/(\d+)\z}, "Api::V2::ShipmentsController", "show", "json"],
  [%r{\AGET /api/v2/tracking/(\w+)\z}, "Api::V2::TrackingController", "show", "json"],
  [%r{\APOST /api/v2/quotes\z}, "Api::V2::QuotesController", "create", "json"],
  [%r{\AGET /dashboard\z}, "DashboardController", "index", "html"],
  [%r{\AGET /manifests/(\d+)/export\.xlsx\z}, "ManifestExportsController", "show", "xlsx"],
  [%r{\AGET /health\z}, "HealthController", "show", "json"]
].freeze

app = lambda do |env|
  verb = env["REQUEST_METHOD"]
  path = env["PATH_INFO"]
  key = "#{verb} #{path}"
  re, controller, action, fmt = ROUTES.find { |r, *| r.match?(key) }
  return [404, { "Content-Type" => "text/plain" }, ["not found"]] unless re
  arg = key[re, 1]
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  allocs0 = GC.stat(:total_allocated_objects)
  status = 200
  db = 0.0
  bytes = case controller
          when "Api::V2::ShipmentsController" then sleep(0.01 + rand * 0.03); db = 3 + rand * 6; small(30)
          when "Api::V2::TrackingController" then sleep(0.005 + rand * 0.02); db = 2 + rand * 3; small(12)
          when "Api::V2::QuotesController" then status = 201; db = 8 + rand * 9; quote(env["rack.input"].read)
          when "DashboardController" then sleep(0.03 + rand * 0.05); db = 15 + rand * 20; small(1_200)
          when "ManifestExportsController" then db = 40 + rand * 60; export_xlsx(arg.to_i)
          when "HealthController" then 2
          end
  ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
  view = fmt == "html" ? ms * 0.4 : 0.0
  LOG.info(JSON.generate({ "method" => verb, "path" => path, "format" => fmt, "controller" => controller, "action" => action,
                           "status" => status, "allocations" => GC.stat(:total_allocated_objects) - allocs0,
                           "duration" => ms.round(2), "view" => view.round(2), "db" => db.round(2),
                           "request_id" => env["HTTP_X_REQUEST_ID"] }))
  ctype = { "json" => "application/json", "html" => "text/html", "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }[fmt]
  [status, { "Content-Type" => ctype, "Content-Length" => bytes.to_s }, ["x" * bytes]]
end

run app
