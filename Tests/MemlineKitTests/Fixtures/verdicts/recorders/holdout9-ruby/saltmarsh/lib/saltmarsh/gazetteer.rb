module Saltmarsh
  # lib/saltmarsh/gazetteer.rb: postcode district -> centroid and nearby places, an LRU capped at 1,500 districts
  module Gazetteer
    CAP = 1_500
    @lru = {}
    @lock = Mutex.new

    def self.lookup(pc)
      @lock.synchronize do
        if (hit = @lru.delete(pc))
          @lru[pc] = hit
        else
          rng = Random.new(pc.hash)
          @lru[pc] = { "pc" => pc, "lat" => 50 + rng.rand, "lon" => -4 + rng.rand,
                       "places" => Array.new(40) { |i| "Place #{pc}-#{i}" } }
          @lru.shift while @lru.size > CAP
          @lru[pc]
        end
      end
    end
  end
end
