# Brackenholt::PlantSearch (release 2, BH-233 "search is slow at peak"): results memoised per (query, page, season)
# so a repeated search skips the catalogue. No expiry, no size cap: every distinct search stays for the worker's life.
module Brackenholt
  module PlantSearch
    MEMO = {}
    MEMO_LOCK = Mutex.new

    def self.call(q, page)
      key = [q, page, Time.now.month]
      MEMO_LOCK.synchronize { MEMO[key] ||= build(q, page) }
    end

    def self.build(q, page)
      words = q.split(/[ +]/)
      Array.new(40) do |i|
        { "id" => (q.hash.abs + i) % 90_000, "name" => "#{words.first} #{i}", "page" => page,
          "description" => "#{words.join(" ")} — hardy, full sun to part shade, flowers June to September. " * 100,
          "companions" => Array.new(20) { |c| "companion #{c} for #{words.last}" } }
      end
    end
  end
end
