require "logger"
require "time"
require "securerandom"
require "heap_dump"
require "yield_curve"
require "price_sheet"

module Brackenfold
  LOG = Logger.new("/srv/brackenfold/log/production.log")
  LOG.formatter = proc { |_sev, _time, _prog, msg| "#{msg}\n" }   # lograge lines, one per request

  class App
    ROUTES = [
      [%r{\A/herds/(\d+)/yields\z}, "YieldsController", "index", :yields, "json"],
      [%r{\A/cows/(\d+)\z}, "CowsController", "show", :cow, "html"],
      [%r{\A/reports/milk-quality\.csv\z}, "Reports::MilkQualityController", "show", :quality, "csv"],
      [%r{\A/up\z}, "Rails::HealthController", "show", :up, "*/*"],
    ].freeze

    def call(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      path = env["PATH_INFO"]
      route = ROUTES.find { |r| r[0].match?(path) }
      return [404, {}, ["not found"]] unless route
      re, controller, action, meth, fmt = route
      params = Rack::Utils.parse_query(env["QUERY_STRING"].to_s)
      params["id"] = re.match(path)[1] if re.match(path)[1]
      body, view, db = send(meth, params)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      LOG.info(format("method=GET path=%s format=%s controller=%s action=%s status=200 duration=%.2f view=%.2f db=%.2f time=%s request_id=%s remote_ip=%s",
                      path, fmt, controller, action, ms, view, db, Time.now.strftime("%Y-%m-%d %H:%M:%S %z"),
                      env["HTTP_X_REQUEST_ID"], env["HTTP_X_FORWARDED_FOR"].to_s.split(",").first))
      [200, { "content-type" => fmt == "csv" ? "text/csv" : "text/html" }, [body]]
    end

    def yields(params)
      fit = YieldCurve.for(params["id"].to_i, params["from"], params["to"])
      [fit["points"].first(60).each_slice(2).map { |d, l| "#{d}:#{l}" }.join(","), 1.0 + rand, 2.0 + rand * 3]
    end

    def cow(params)
      sheet = PriceSheet.table
      band, fat, = sheet[format("S%05d", params["id"].to_i % 4_000)].split("|", 3)
      ["<h1>Cow #{params["id"]}</h1><p>#{band} #{fat}</p>" + ("<tr><td>reading</td></tr>" * 40), 2.0 + rand * 2, 1.0 + rand * 2]
    end

    # Monthly milk-quality report: every meter reading of the month, per supplier, as CSV.
    def quality(params)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      rows = Array.new(160_000) { |i| [format("S%05d", i % 18_000), "#{params["month"]}-#{format("%02d", i % 30 + 1)}", (4.0 + (i % 13) / 10.0).to_s, (3.2 + (i % 11) / 10.0).to_s, (i * 37 % 400_000).to_s].join(",") }
      csv = "supplier,date,fat,protein,scc\n" + rows.join("\n")
      view = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      [csv[0, 4096], view, 40.0 + rand * 30]
    end

    def up(_params) = ["ok", 0.0, 0.0]
  end
end
