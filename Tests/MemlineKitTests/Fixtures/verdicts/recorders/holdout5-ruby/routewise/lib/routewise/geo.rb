module Routewise
  # Address geocoding through the self-hosted Nominatim. Lookups are memoised per raw address "to spare Nominatim
  # on retries"; the key is the address as the shipper typed it, with the unit and the driver note, so a key is
  # almost never seen twice, and nothing prunes the Hash: it lives as long as the Sidekiq process.
  module Geo
    CACHE = {}
    LOCK = Mutex.new

    def self.lookup(raw)
      LOCK.synchronize { CACHE[raw] } || begin
        body = nominatim_search(raw)
        best = JSON.parse(body).max_by { |c| c["importance"] }
        entry = { "raw" => raw.dup, "body" => body, "best" => best, "at" => Time.now.to_f }
        LOCK.synchronize { CACHE[raw] = entry }
      end
    end

    # what GET /search?format=jsonv2&addressdetails=1&limit=40 answers: the house and its neighbours on the street
    def self.nominatim_search(raw)
      street, number = raw[/\A[^,\d]+/].strip, raw[/\d+/].to_i
      Array.new(40) do |i|
        n = number + i
        { "place_id" => 118_000_000 + n * 7, "licence" => "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright",
          "osm_type" => "way", "osm_id" => 24_000_000 + n * 13, "lat" => format("%.7f", 52.48 + n * 0.00011),
          "lon" => format("%.7f", 13.35 + n * 0.00007), "category" => "building", "type" => "residential", "place_rank" => 30,
          "importance" => (0.00001 * (40 - i)).round(6), "addresstype" => "building",
          "display_name" => "#{n}, #{street}, Schöneberg, Tempelhof-Schöneberg, Berlin, 10827, Deutschland",
          "address" => { "house_number" => n.to_s, "road" => street, "suburb" => "Schöneberg", "city_district" => "Tempelhof-Schöneberg",
                         "city" => "Berlin", "ISO3166-2-lvl4" => "DE-BE", "postcode" => "10827", "country" => "Deutschland", "country_code" => "de" },
          "boundingbox" => [format("%.7f", 52.48 + n * 0.00011 - 0.0001), format("%.7f", 52.48 + n * 0.00011 + 0.0001),
                            format("%.7f", 13.35 + n * 0.00007 - 0.0001), format("%.7f", 13.35 + n * 0.00007 + 0.0001)] }
      end.to_json
    end
  end
end
