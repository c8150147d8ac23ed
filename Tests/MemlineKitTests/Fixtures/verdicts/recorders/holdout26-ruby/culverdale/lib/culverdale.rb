require "logger"
require "json"
require "time"
require "securerandom"
require "culverdale/pickup_intake"
require "culverdale/collections_report"

module Culverdale
  LOG = File.open("/srv/culverdale/log/production.log", "a").tap { |f| f.sync = true }

  class App
    ROUTES = [
      ["POST", %r{\A/api/tanker-pickups\z}, "Api::TankerPickupsController", "create"],
      ["GET", %r{\A/farms/(\d+)\z}, "FarmsController", "show"],
      ["GET", %r{\A/reports/collections\.csv\z}, "Reports::CollectionsController", "index"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show"],
    ].freeze

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      _, m, ctrl, action = ROUTES.map { |r| [r, r[1].match(path), r[2], r[3]] }.find { |r, mm, *| r[0] == meth && mm }
      status, type, body = m ? dispatch(ctrl, m, env) : [404, "text/plain", "Not Found"]
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      fmt = type.include?("json") ? "json" : (type.include?("csv") ? "csv" : "html")
      LOG.puts(JSON.generate({ method: meth, path: path, format: fmt, controller: ctrl || "ActionController::RoutingError",
                               action: action || "-", status: status, duration: ms.round(2), view: (ms * 0.1).round(2),
                               db: (ms * 0.35).round(2), request_id: env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid,
                               remote_ip: env["HTTP_X_FORWARDED_FOR"], pid: Process.pid, time: Time.now.iso8601 }))
      [status, { "content-type" => type }, [body]]
    end

    def dispatch(ctrl, m, env)
      case ctrl
      when "Api::TankerPickupsController"
        [201, "application/json", JSON.generate(PickupIntake.record(env["rack.input"].read))]
      when "FarmsController"
        id = m[1].to_i
        farm = { id: id, herd: "CD-#{id * 31 % 9000}", parish: "Culverdale #{id % 17}",
                 last_30_days: Array.new(30) { |d| { day: d, litres: (id * d) % 4000, butterfat: 3.8 + (d % 7) / 10.0 } } }
        [200, "text/html", "<html><body><pre>#{JSON.pretty_generate(farm)}</pre></body></html>"]
      when "Reports::CollectionsController"
        q = env["QUERY_STRING"].to_s[/month=([\d-]+)/, 1] || "2026-11"
        [200, "text/csv", CollectionsReport.build(q)]
      else
        [200, "text/html", "<html><body style=\"background-color: green\"></body></html>"]
      end
    end
  end
end
