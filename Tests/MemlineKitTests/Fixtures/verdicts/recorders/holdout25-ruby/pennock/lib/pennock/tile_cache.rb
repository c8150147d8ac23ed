module Pennock
  # Rendered map tiles (constraint layers over the base map), kept per worker. Evicts the oldest tiles beyond
  # tile_cache.max_entries; a max of 0 means "no limit" (PN-31, meant for the warm-up script on staging only).
  module TileCache
    TILES = {}

    def self.fetch(z, x, y)
      key = "#{z}/#{x}/#{y}"
      hit = TILES.delete(key)
      if hit
        TILES[key] = hit
        return hit
      end
      tile = render(z, x, y)
      TILES[key] = tile
      max = RuntimeSettings["tile_cache.max_entries"].to_i
      TILES.shift while max > 0 && TILES.size > max
      tile
    end

    def self.render(z, x, y)
      rng = Random.new((z * 1_000_003 + x) * 1_000_003 + y)
      "\x89PNG\r\n\x1A\n".b + rng.bytes(64 * 1024)
    end
  end
end
