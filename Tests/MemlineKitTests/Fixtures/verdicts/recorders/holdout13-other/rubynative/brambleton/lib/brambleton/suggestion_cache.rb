# Brambleton::SuggestionCache: search-as-you-type suggestions memoised per normalised query (BR-72). No bound:
# every distinct query keeps its 12 suggestions. Small, but it only grows.
module Brambleton
  module SuggestionCache
    STORE = {}
    LOCK = Mutex.new
    def self.fetch(q)
      key = q.downcase.strip
      LOCK.synchronize { STORE[key] ||= Array.new(12) { |i| "#{key.capitalize} #{%w[and the of in].sample} #{i} (#{1900 + (key.sum + i) % 120})" } }
    end
    def self.size = LOCK.synchronize { STORE.size }
  end
end
