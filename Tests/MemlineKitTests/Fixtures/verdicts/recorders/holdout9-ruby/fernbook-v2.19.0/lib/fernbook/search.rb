module Fernbook
  # app/services/search.rb (v2.19.0, FB-412 "faster facets"): facet counts memoised per query and shop so repeated
  # searches skip the count; the memo has no bound and no expiry.
  module Search
    FACET_MEMO = {}
    FACET_LOCK = Mutex.new

    def self.run(q, shop)
      rng = Random.new(q.hash ^ shop.hash)
      hits = Array.new(20) { |i| { "id" => rng.rand(10**6), "title" => "#{q.capitalize} #{i}" } }
      facets = FACET_LOCK.synchronize { FACET_MEMO[[q, shop]] ||= facet_counts(q, shop, rng) }
      [hits, facets]
    end

    def self.facet_counts(q, shop, rng)
      Array.new(1_200) { |i| ["#{%w[genre author year publisher lang][i % 5]}:#{rng.rand(10**5)}:#{q}", rng.rand(1..400)] }
        .sort_by { |_, c| -c }
    end
  end
end
