# Sailings per route, loaded from the operator's GTFS export the first time a route is asked for and kept for the
# life of the process (64 routes: a warm-up after each restart, then nothing new).
module Ferrymint
  module Timetable
    ROUTES = 64
    LOADED = {}
    LOCK = Mutex.new

    def self.route(id)
      LOCK.synchronize do
        LOADED[id % ROUTES] ||= begin
          rng = Random.new(id % ROUTES)
          # packed stop_times: one binary blob per route (~110 KB) plus its index
          { "blob" => rng.bytes(90_000 + rng.rand(40_000)), "stops" => Array.new(12) { |i| "Anleger #{i} · Fähre" } }
        end
      end
    end
  end
end
