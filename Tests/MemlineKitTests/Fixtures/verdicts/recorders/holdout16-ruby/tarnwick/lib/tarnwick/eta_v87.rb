# v87 (TW-312 "ETA polls are slow at lunch"): the routed polyline of each courier's ETA is memoised per courier and
# minute, with the full route geometry. There is no eviction, and the key changes every minute.
module Tarnwick
  module Eta
    ROUTES = {}
    LOCK = Mutex.new

    def self.for(courier_id)
      key = "#{courier_id}:#{Time.now.to_i / 60}"
      LOCK.synchronize { ROUTES[key] } || begin
        geometry = Array.new(12) { |i| format("leg %02d courier %d %s", i, courier_id, "lat,lng;" * 32_000) }.join("|")
        LOCK.synchronize { ROUTES[key] = geometry }
      end
    end
  end
end
