# Computed fare tables per (route, day, vehicle class): an LRU capped at 260 entries (FM-198). A Hash keeps insertion
# order; a hit moves the key to the end, a miss past the cap drops the oldest.
module Ferrymint
  class FareCache
    MAX = 260

    def self.instance = @instance ||= new

    def initialize
      @table = {}
      @lock = Mutex.new
    end

    def fetch(key)
      @lock.synchronize do
        if (v = @table.delete(key))
          @table[key] = v
        else
          @table[key] = yield
          @table.shift while @table.size > MAX
        end
        @table[key]
      end
    end

    def size = @table.size
  end
end
