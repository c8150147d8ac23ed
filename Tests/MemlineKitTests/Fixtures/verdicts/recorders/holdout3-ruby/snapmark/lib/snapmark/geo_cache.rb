# frozen_string_literal: true

# Reverse-geocoding results per rounded coordinate, kept for the life of the process ("there are only so many
# places people take photos"). Bounded in practice by the number of distinct places, not by an LRU.
module Snapmark
  module GeoCache
    TABLE = {}
    LOCK = Mutex.new

    def self.fetch(lat, lon)
      key = "#{lat.round(2)},#{lon.round(2)}"
      LOCK.synchronize do
        TABLE[key] ||= {
          "key" => key,
          "name" => "Place near #{key}",
          "admin" => ["Region #{(lat * 10).to_i}", "Country #{(lon * 3).to_i}"],
          "geojson" => "{\"type\":\"Point\",\"coordinates\":[#{lon},#{lat}]} " * 28
        }
      end
    end
  end
end
