require "json"
require "oxwich/booking_lookup_cache"
require "oxwich/harbour_manifest"

module Oxwich
  class App
    def call(env)
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      case [meth, path]
      in ["GET", %r{\A/sailings/(\d+)\z}]
        id = path[/\d+/].to_i
        json(200, { id: id, route: %w[oxwich-lundy oxwich-tenby oxwich-caldey][id % 3], departs: "2026-12-#{format("%02d", id % 28 + 1)}T#{format("%02d", id % 14 + 6)}:15", seats: Array.new(30) { |i| (id + i) % 4 } })
      in ["GET", %r{\A/bookings/(\d+)\z}]
        json(200, BookingLookupCache.fetch(path[/\d+/].to_i))
      in ["POST", "/bookings"]
        form = env["rack.input"].read.split("&").to_h { |kv| kv.split("=", 2) }
        json(201, { ref: "OX#{rand(10**7)}", sailing: form["sailing"].to_i, passengers: form["passengers"].to_i, vehicle: form["vehicle"] })
      in ["GET", "/reports/harbour-manifest"]
        [200, { "content-type" => "text/plain" }, [HarbourManifest.build(Rack::Utils.parse_query(env["QUERY_STRING"])["day"].to_s)]]
      in ["GET", "/up"]
        [200, { "content-type" => "text/plain" }, ["ok"]]
      else
        [404, { "content-type" => "text/plain" }, ["Not Found"]]
      end
    end

    def json(status, obj) = [status, { "content-type" => "application/json" }, [JSON.generate(obj)]]
  end
end
