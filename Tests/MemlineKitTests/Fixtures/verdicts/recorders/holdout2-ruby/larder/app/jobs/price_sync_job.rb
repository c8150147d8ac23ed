module Larder
  class PriceSyncJob
    def perform(store)
      prices = Array.new(300) { |i| { "sku" => "SKU-#{i}", "store" => store, "cents" => (i * 91 + store) % 10_000 } }
      prices.map(&:to_json).join("\n").bytesize
    end
  end
end
