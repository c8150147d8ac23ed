# Rebuilds the search index fragment of the categories touched since the last run. The fragment is memoised
# "for the next run" in a module-level cache keyed by the run's watermark, which changes every run, so nothing is
# ever read back or pruned.
module Larder
  module CatalogIndex
    FRAGMENTS = {}

    def self.fragment_for(category, watermark)
      Array.new(60) do |i|
        { "sku" => "SKU-#{category}-#{i}",
          "terms" => "#{category} #{watermark} #{i} " + ("t" * 2_900),
          "facets" => "brand:#{i % 7};size:#{i % 5};" + ("f" * 1_900) }
      end
    end
  end

  class CatalogIndexJob
    def perform(category, watermark)
      docs = CatalogIndex.fragment_for(category, watermark)
      CatalogIndex::FRAGMENTS["#{category}@#{watermark}"] = docs
      docs.size
    end
  end
end
