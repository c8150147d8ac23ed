require "logger"
require "securerandom"
require "saltcote/lane_grid"

module Saltcote
  # Rails 7.0 production.log: Logger::Formatter with the request_id tag
  LOG = Logger.new("/srv/saltcote/log/production.log")
  LOG.formatter = Logger::Formatter.new

  class App
    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      ip = (env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]).split(",").first
      LOG.info "[#{rid}] Started #{meth} \"#{path}#{env["QUERY_STRING"].to_s.empty? ? "" : "?#{env["QUERY_STRING"]}"}\" for #{ip} at #{Time.now.strftime("%Y-%m-%d %H:%M:%S %z")}"
      ctrl, params, status, body, type = route(meth, path, env)
      LOG.info "[#{rid}] Processing by #{ctrl} as #{type == "text/csv" ? "CSV" : "HTML"}"
      LOG.info "[#{rid}]   Parameters: #{params.inspect}" unless params.empty?
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      LOG.info "[#{rid}] Completed #{status} #{status == 200 ? "OK" : "Not Found"} in #{ms.round}ms (Views: #{(ms * 0.4).round(1)}ms | ActiveRecord: #{(ms * 0.2).round(1)}ms | Allocations: #{GC.stat(:total_allocated_objects) - a0})"
      [status, { "content-type" => type }, [body]]
    end

    def route(meth, path, env)
      case [meth, path]
      in ["GET", %r{\A/sessions/(\d+)/lanes\z}]
        grid = LaneGrid.for($1.to_i)
        sleep 0.01
        ["LanesController#index", { "session_id" => $1 }, 200, grid.first.first(12).join("\n"), "text/html"]
      in ["GET", %r{\A/members/(\d+)\z}]
        c = MemberDirectory.card($1.to_i % 900)
        ["MembersController#show", { "id" => $1 }, 200, c["history"].join("<br>"), "text/html"]
      in ["GET", "/sessions"]
        sleep 0.008
        ["SessionsController#index", {}, 200, "<ul>" + Array.new(30) { |i| "<li>session #{i}</li>" }.join + "</ul>", "text/html"]
      in ["GET", "/reports/attendance.csv"]
        rows = Array.new(28_000) { |i| ["2026-11-#{(i % 30) + 1}", "member #{i % 5000}", "lane #{i % 8 + 1}", "#{(i * 7) % 90} min", i.even? ? "adult" : "concession"] }
        csv = rows.group_by { |r| r[0] }.map { |d, rs| "#{d},#{rs.size},#{rs.count { |r| r[4] == "adult" }}" }.join("\n")
        ["Reports::AttendanceController#show", { "month" => "2026-11" }, 200, csv, "text/csv"]
      in ["GET", "/up"]
        ["Rails::HealthController#show", {}, 200, "ok", "text/html"]
      else
        ["ApplicationController#not_found", {}, 404, "Not Found", "text/plain"]
      end
    end
  end
end
