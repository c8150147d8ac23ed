module Larder
  class StockAlertJob
    def perform(store)
      low = Array.new(2_000) { |i| [i, (i * 17 + store) % 50] }.select { |_, q| q < 3 }
      low.map { |sku, q| "SKU-#{sku}: #{q} left at store #{store}" }.size
    end
  end
end
