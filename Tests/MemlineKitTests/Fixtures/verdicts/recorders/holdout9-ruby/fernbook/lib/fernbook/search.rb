module Fernbook
  # app/services/search.rb (v2.18.4): title search with facet counts computed per request
  module Search
    def self.run(q, shop)
      rng = Random.new(q.hash ^ shop.hash)
      hits = Array.new(20) { |i| { "id" => rng.rand(10**6), "title" => "#{q.capitalize} #{i}" } }
      facets = Array.new(1_200) { |i| ["#{%w[genre author year publisher lang][i % 5]}:#{rng.rand(10**5)}", rng.rand(1..400)] }
      [hits, facets.sort_by { |_, c| -c }]
    end
  end
end
