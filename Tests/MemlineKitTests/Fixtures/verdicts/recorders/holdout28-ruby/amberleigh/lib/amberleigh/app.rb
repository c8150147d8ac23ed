require "json"
require "time"
require "securerandom"

module Amberleigh
  # AL-44: rendered plot pages, least recently used dropped past 160 (of 360 plots)
  module PlotPageCache
    CACHE = {}
    LIMIT = 160
    LOCK = Mutex.new
    def self.fetch(id)
      LOCK.synchronize do
        if (p = CACHE.delete(id))
          return CACHE[id] = p
        end
      end
      page = yield
      LOCK.synchronize do
        CACHE.shift while CACHE.size >= LIMIT
        CACHE[id] = page
      end
    end
  end

  class App
    LOG = File.open("/srv/amberleigh/log/production.log", "a").tap { |f| f.sync = true }

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      controller, action, fmt, status, body, type = route(meth, path)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      LOG.write(JSON.generate({ "method" => meth, "path" => path, "format" => fmt, "controller" => controller, "action" => action,
                                "status" => status, "allocations" => GC.stat(:total_allocated_objects) - a0, "duration" => ms.round(2),
                                "view" => (ms * 0.5).round(2), "db" => (ms * 0.15).round(2), "time" => Time.now.iso8601(3),
                                "pid" => Process.pid, "request_id" => env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid,
                                "remote_ip" => (env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]).split(",").first }) + "\n")
      [status, { "content-type" => type }, [body]]
    end

    def route(meth, path)
      case [meth, path]
      in ["GET", %r{\A/plots/(\d+)\z}]
        id = $1.to_i % 360
        page = PlotPageCache.fetch(id) do
          "<h1>Plot #{id}</h1>" + Array.new(160) { |i| "<tr><td>2026-#{(i % 12) + 1}-#{(i % 27) + 1}</td><td>#{%w[potatoes leeks runner\ beans onions].at(i % 4)}</td><td>#{(i * id) % 90} kg</td></tr>" }.join
        end
        sleep 0.006
        ["PlotsController", "show", "html", 200, page, "text/html"]
      in ["GET", "/waiting-list"]
        sleep 0.01
        ["WaitingListController", "index", "html", 200, "<ol>" + Array.new(60) { |i| "<li>applicant #{i}</li>" }.join + "</ol>", "text/html"]
      in ["GET", "/exports/harvest.csv"]
        rows = Array.new(36_000) { |i| [i % 1_100, %w[potatoes leeks beans onions squash].at(i % 5), format("%.1f", (i * 13 % 400) / 10.0), "2026-W#{(i % 52) + 1}"] }
        csv = rows.group_by { |r| r[1] }.map { |c, rs| "#{c},#{rs.sum { |r| r[2].to_f }.round(1)}" }.join("\n")
        ["Exports::HarvestController", "show", "csv", 200, csv, "text/csv"]
      in ["GET", "/up"]
        ["Rails::HealthController", "show", "html", 200, "ok", "text/html"]
      else
        ["ApplicationController", "not_found", "html", 404, "Not Found", "text/plain"]
      end
    end
  end
end
