module Kestrelmouth
  # GET /search: scores every title in the in-memory index against the query (short-lived candidates).
  module Search
    def self.run(q)
      terms = q.downcase.split(/[+ ]/)
      cands = Array.new(4_000) do |i|
        t = "title #{i} #{%w[estuary lantern almanac cartography heron granite psalter meadow][i % 8]} #{%w[marsh beacon orchard tidewater][i % 4]}"
        { id: i, text: t, score: terms.count { |w| t.include?(w) } + (i % 7) / 10.0 }
      end
      cands.sort_by { |c| -c[:score] }.first(20).map { |c| c[:text] }
    end
  end
end
