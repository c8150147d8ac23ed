# app/models/recipe_cards.rb (SL-190): rendered recipe cards, an LRU capped at RECIPE_CARD_CACHE entries per worker.
module Saffronleigh
  class RecipeCards
    def initialize(max)
      @max, @cards, @lock = max, {}, Mutex.new
    end

    def fetch(id)
      @lock.synchronize do
        if (card = @cards.delete(id))
          return @cards[id] = card
        end
      end
      card = yield
      @lock.synchronize do
        @cards[id] = card
        @cards.shift while @cards.size > @max
      end
      card
    end
  end
end
