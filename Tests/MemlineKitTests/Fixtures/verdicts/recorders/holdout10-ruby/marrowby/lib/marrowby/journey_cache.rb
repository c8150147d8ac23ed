# app/services/journey_cache.rb (MB-140): planned journeys, least recently used first out, capped at
# JOURNEY_CACHE_SIZE entries (220 on mb-api-2). A plan is ~80 KB (legs, the stop list and the rendered fares).
module Marrowby
  class JourneyCache
    def initialize(cap)
      @cap, @h, @lock = cap, {}, Mutex.new
    end

    def fetch(key)
      @lock.synchronize do
        if (v = @h.delete(key))
          return @h[key] = v
        end
      end
      v = yield
      @lock.synchronize do
        @h[key] = v
        @h.delete(@h.first[0]) while @h.size > @cap
      end
      v
    end

    def size = @lock.synchronize { @h.size }
  end
end
