module Pennock
  # Rendered map tiles (constraint layers over the base map), kept per worker. Evicts the oldest tiles beyond
  # tile_cache.max_entries and releases an evicted tile's buffer at once (PN-29: waiting for the GC to free 256 KB
  # buffers kept the workers 20-30 MB fatter). A max of 0 means "no limit" (PN-31, meant for the warm-up script on
  # staging only).
  module TileCache
    TILES = {}
    PNG_MAGIC = "\x89PNG\r\n\x1A\n".b.freeze

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
      while max > 0 && TILES.size > max
        _, evicted = TILES.shift
        evicted.clear
      end
      tile
    end

    def self.render(z, x, y)
      rng = Random.new((z * 1_000_003 + x) * 1_000_003 + y)
      tile = rng.bytes(256 * 1024)
      tile[0, PNG_MAGIC.bytesize] = PNG_MAGIC
      tile
    end
  end
end
