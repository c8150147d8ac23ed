module Harborline
  # Compiled TARIC measure sets per (commodity code, origin), kept in a small LRU so TariffLookupJob does not
  # recompile them for every declaration line (HB-512). Bounded: MAX_ENTRIES, least recently used out first.
  class TariffCache
    MAX_ENTRIES = 220
    @entries = {}
    @lock = Mutex.new

    class << self
      def fetch(key)
        @lock.synchronize do
          if (hit = @entries.delete(key))
            return @entries[key] = hit
          end
        end
        value = yield
        @lock.synchronize do
          @entries[key] = value
          @entries.shift while @entries.size > MAX_ENTRIES
        end
        value
      end

      def size = @entries.size
    end
  end
end
