module Parcelhop
  class App
    ROUTES = [
      ["GET", %r{\A/\z}, "HomeController#index", :home],
      ["GET", %r{\A/track/(\w+)\z}, "TrackingController#show", :track],
      ["POST", %r{\A/shipments/quote\z}, "QuotesController#create", :quote],
      ["GET", %r{\A/pickup_points\z}, "PickupPointsController#index", :pickup],
      ["POST", %r{\A/shipments\z}, "ShipmentsController#create", :ship],
      ["GET", %r{\A/account/exports/shipments\.csv\z}, "Account::ExportsController#shipments", :export],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      log = Parcelhop.logger
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      log.info("Started #{req.request_method} \"#{req.fullpath}\" for #{env["HTTP_X_FORWARDED_FOR"] || req.ip} at #{Time.now.strftime("%F %T %z")}")
      route = ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      unless route
        log.info("Completed 404 Not Found in 1ms")
        return [404, { "content-type" => "text/plain" }, ["not found"]]
      end
      _, re, action, handler = route
      log.info("Processing by #{action} as #{handler == :export ? "CSV" : "HTML"}")
      status, type, body, db, views = send(handler, req, re.match(req.path_info))
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      log.info(format("Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms)", status,
                      Rack::Utils::HTTP_STATUS_CODES[status], ms, views, db))
      [status, { "content-type" => type }, [body]]
    end

    def home(_req, _m)
      html = "<h1>Parcelhop</h1>" + Array.new(40) { |i| "<li>Tarif #{i}</li>" }.join
      sleep 0.006
      [200, "text/html", html, 0.8, 3.1]
    end

    def track(_req, m)
      events = Array.new(rand(3..9)) { |i| { "at" => (Time.now - i * 3600).iso8601, "status" => %w[picked sorted out delivered][i % 4] } }
      sleep 0.01
      [200, "text/html", "<h1>#{m[1]}</h1>#{events.to_json}", 2.3, 4.0]
    end

    # POST /shipments/quote: both addresses go through adressa before the carriers are asked for prices
    def quote(req, _m)
      form = Rack::Utils.parse_query(req.body.read)
      from = Adressa.normalize(form["from"].to_s)
      to = Adressa.normalize(form["to"].to_s)
      prices = %w[DHL DPD GLS Hermes UPS].map { |c| { "carrier" => c, "eur" => (4.2 + form["weight"].to_i * 0.31 + c.size * 0.4).round(2) } }
      sleep 0.025
      [200, "text/html", { "from" => from["key"], "to" => to["key"], "prices" => prices }.to_json, 3.4, 6.2]
    end

    def pickup(req, _m)
      points = Array.new(25) { |i| { "id" => i, "name" => "Kiosk #{req.params["zip"]}-#{i}", "open" => "08-20" } }
      sleep 0.012
      [200, "text/html", points.to_json, 5.6, 4.4]
    end

    def ship(req, _m)
      req.body.read
      sleep 0.03
      [201, "text/html", { "id" => "PH#{rand(10**9)}DE" }.to_json, 11.2, 1.0]
    end

    # GET /account/exports/shipments.csv: a shop's full shipment history as CSV, built in memory (tens of MB of rows)
    def export(_req, _m)
      rows = Array.new(32_000) { |i| ["PH#{i}DE", "2026-#{format("%02d", i % 12 + 1)}-01", "Kunde #{i % 977}", "Hauptstrasse #{i % 300}", "#{10_000 + i % 89_000}", "DHL", "4,90"] }
      csv = rows.map { |r| r.join(";") }.join("\n")
      bytes = csv.bytesize
      sleep 0.05
      [200, "text/csv", "rows=#{rows.size} bytes=#{bytes}", 820.5, 240.3]
    end
  end
end
