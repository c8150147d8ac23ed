require "securerandom"
require "uri"
require "hollowmere/log"
require "hollowmere/flags"
require "hollowmere/tank_history"

module Hollowmere
  class App
    RELEASE = File.basename(File.readlink("/srv/hollowmere/current")) rescue "unknown"

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      meth = env["REQUEST_METHOD"]
      path = env["PATH_INFO"]
      ip = (env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]).split(",").first
      Log.emit("info", "Rack", "Started", payload: { "method" => meth, "path" => path, "ip" => ip }, request_id: rid)
      controller, action, fmt, status, body, type = route(meth, path, env)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      Log.emit("info", controller, "Completed ##{action}", duration_ms: ms, request_id: rid,
               payload: { "controller" => controller, "action" => action, "format" => fmt, "method" => meth, "path" => path,
                          "status" => status, "view_runtime" => (ms * 0.3).round(2), "db_runtime" => (ms * 0.2).round(2),
                          "allocations" => GC.stat(:total_allocated_objects) - a0,
                          "status_message" => { 200 => "OK", 201 => "Created", 404 => "Not Found" }[status] })
      [status, { "content-type" => type }, [body]]
    end

    def route(meth, path, env)
      case [meth, path]
      in ["POST", "/api/tank-readings"]
        raw = env["rack.input"].read
        form = URI.decode_www_form(raw).to_h
        reading = { "at" => Time.now.to_i, "temp_c" => form["temp_c"].to_f, "litres" => form["litres"].to_i }
        if Flags.enabled?(:tank_reading_history)
          TankHistory.append(form["tank_id"], reading, form["frames"].to_s * 24)
        end
        sleep 0.004
        ["TankReadingsController", "create", "JSON", 201, '{"ok":true}', "application/json"]
      in ["GET", %r{\A/collections/(\d+)\z}]
        Flags.enabled?(:tank_reading_history)
        html = "<h1>Collection #{$1}</h1>" + Array.new(40) { |i| "<tr><td>farm #{i}</td><td>#{i * 311 % 9000} L</td></tr>" }.join
        sleep 0.01
        ["CollectionsController", "show", "HTML", 200, html, "text/html"]
      in ["GET", "/reports/butterfat.csv"]
        rows = Array.new(32_000) do |i|
          { "farm" => "F#{i % 640}", "date" => "2026-11-#{(i % 30) + 1}", "litres" => (i * 97) % 8_000,
            "fat" => format("%.2f", 3.6 + (i % 13) / 10.0), "protein" => format("%.2f", 3.1 + (i % 7) / 10.0) }
        end
        csv = rows.group_by { |r| r["farm"] }.map { |f, rs| "#{f},#{rs.sum { |r| r["litres"] }},#{(rs.sum { |r| r["fat"].to_f } / rs.size).round(3)}" }.join("\n")
        ["Reports::ButterfatController", "show", "CSV", 200, csv, "text/csv"]
      in ["GET", "/up"]
        ["Rails::HealthController", "show", "HTML", 200, "<html><body style=\"background-color: green\"></body></html>", "text/html"]
      else
        ["ActionController::RoutingError", "not_found", "HTML", 404, "Not Found", "text/plain"]
      end
    end
  end
end
