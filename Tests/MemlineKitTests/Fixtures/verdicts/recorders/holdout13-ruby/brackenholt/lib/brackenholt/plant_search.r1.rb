# Brackenholt::PlantSearch (release 1): full-text search over the catalogue, results built per request.
module Brackenholt
  module PlantSearch
    def self.call(q, page)
      words = q.split(/[ +]/)
      Array.new(40) do |i|
        { "id" => (q.hash.abs + i) % 90_000, "name" => "#{words.first} #{i}", "page" => page,
          "description" => "#{words.join(" ")} — hardy, full sun to part shade, flowers June to September. " * 100,
          "companions" => Array.new(20) { |c| "companion #{c} for #{words.last}" } }
      end
    end
  end
end
