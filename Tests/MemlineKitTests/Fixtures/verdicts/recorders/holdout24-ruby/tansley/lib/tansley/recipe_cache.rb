module Tansley
  # Rendered recipe pages, least recently used out first (TS-204). Bounded: at most `capacity` pages.
  class RecipeCache
    def initialize(capacity:)
      @capacity = capacity
      @pages = {}
    end

    def fetch(key)
      if @pages.key?(key)
        @pages[key] = @pages.delete(key)
      else
        @pages[key] = yield
        @pages.shift while @pages.size > @capacity
        @pages[key]
      end
    end
  end
end
