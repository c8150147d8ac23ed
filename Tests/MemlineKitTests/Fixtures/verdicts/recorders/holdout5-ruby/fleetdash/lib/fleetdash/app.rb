require "rack"

module Fleetdash
  class App
    SENSORS = %w[speed_kmh rpm coolant_c fuel_pct battery_v odometer_km lat lon heading tire_fl tire_fr tire_rl tire_rr
                 cargo_c door_open harsh_brake].freeze

    def call(env)
      req = Rack::Request.new(env)
      case [req.request_method, req.path_info]
      in ["GET", %r{\A/api/v1/vehicles/(\d+)/telemetry\.csv\z}] then csv(telemetry_csv(req.path_info[/\d+/].to_i))
      in ["GET", %r{\A/api/v1/vehicles/(\d+)\z}] then json(vehicle(req.path_info[/\d+/].to_i))
      in ["GET", "/api/v1/vehicles"] then json(Array.new(120) { |i| vehicle(i + 1) })
      in ["POST", "/api/v1/pings"] then json(ping(req.POST))
      in ["GET", "/api/v1/alerts"] then json(Array.new(60) { |i| { "id" => i, "kind" => %w[harsh_brake geofence idle][i % 3], "at" => Time.now.to_i - i * 60 } })
      in ["GET", "/dashboard"] then html(dashboard)
      else [404, { "content-type" => "text/plain" }, ["Not Found"]]
      end
    end

    private

    def json(obj) = [200, { "content-type" => "application/json" }, [JSON.generate(obj)]]
    def html(s) = [200, { "content-type" => "text/html" }, [s]]
    def csv(s) = [200, { "content-type" => "text/csv", "content-disposition" => "attachment" }, [s]]

    def vehicle(id)
      sleep 0.002 + rand * 0.006 # SELECT … FROM vehicles
      { "id" => id, "plate" => "B-FD #{1000 + id}", "depot" => "depot-#{id % 9}", "driver" => "drv_#{id % 180}",
        "last_seen" => Time.now.to_i - id % 300, "sensors" => SENSORS.to_h { |s| [s, (id * s.size % 97).to_s] } }
    end

    def ping(form)
      sleep 0.002 + rand * 0.004 # INSERT INTO pings
      { "ok" => true, "vehicle" => form["vehicle_id"].to_i, "received_at" => Time.now.to_f }
    end

    def dashboard
      rows = Array.new(300) { |i| "<tr><td>#{i}</td><td>B-FD #{1000 + i}</td><td>#{%w[moving idle parked][i % 3]}</td></tr>" }
      "<html><body><table>#{rows.join}</table></body></html>"
    end

    # 24 h of one vehicle's telemetry, a point every 8 s, every sensor as a column: 10,800 rows of formatted values
    # (~17 MB of short-lived Strings and Arrays for a ~1 MB CSV built in memory; nothing is kept once it is sent).
    def telemetry_csv(id)
      sleep 0.01 + rand * 0.02 # SELECT … FROM telemetry_points WHERE vehicle_id = … AND ts > now() - 1 day
      t0 = Time.now.to_i - 86_400
      lines = Array.new(10_800) do |n|
        s = n * 8
        "#{t0 + s},#{id}," + SENSORS.each_with_index.map { |_name, k| format("%.2f", (s * (k + 3) + id) % 1_000 / 7.0) }.join(",")
      end
      "ts,vehicle_id,#{SENSORS.join(",")}\n" + lines.join("\n")
    end
  end
end
