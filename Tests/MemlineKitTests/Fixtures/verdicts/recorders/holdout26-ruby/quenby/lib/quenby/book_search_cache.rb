module Quenby
  # QL-31: catalogue search results cached in the process, least recently used dropped beyond MAX_ENTRIES.
  module BookSearchCache
    MAX_ENTRIES = 120
    ENTRIES = {}
    LOCK = Mutex.new

    module_function

    def fetch(query)
      LOCK.synchronize do
        if (hit = ENTRIES.delete(query))
          ENTRIES[query] = hit
        else
          ENTRIES[query] = search(query)
          ENTRIES.shift while ENTRIES.size > MAX_ENTRIES
          ENTRIES[query]
        end
      end
    end

    def search(query)
      seed = query.sum
      Array.new(60) do |i|
        { id: seed * 31 + i, title: "#{query.capitalize} and the #{%w[Lantern Harbour Orchard Quarry Heron][i % 5]} (vol. #{i})",
          author: "Author #{(seed + i) % 997}", shelfmark: "QL #{seed % 900}.#{i}", blurb: "A book about #{query}. " * 8 }
      end
    end
  end
end
