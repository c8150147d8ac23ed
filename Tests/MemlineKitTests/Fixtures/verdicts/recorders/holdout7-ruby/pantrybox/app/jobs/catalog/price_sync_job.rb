module Catalog
  # every supplier's price feed (~2,400 SKUs) pulled and diffed; the changed lines go to the price-change audit
  class PriceSyncJob
    def perform(supplier_id)
      sleep 0.08 # HTTP fetch
      feed = Array.new(2_400) do |i|
        { "sku" => "PB-#{supplier_id}-#{format("%05d", i)}", "price_cents" => (i * 7919 + rand(50)) % 2_500 + 49,
          "currency" => "EUR", "unit" => %w[kg pc l 100g].fetch(i % 4), "valid_from" => Time.now.utc.iso8601 }
      end
      changed = feed.each_slice(30).map do |lines|
        Marshal.dump(lines.map { |l| [l["sku"], l["price_cents"], l["currency"], l["unit"], l["valid_from"], supplier_id] })
      end
      Pantrybox::PriceHistory.record(supplier_id, Time.now.utc.iso8601(6), changed)
      sleep 0.05 # upsert
    end
  end
end
