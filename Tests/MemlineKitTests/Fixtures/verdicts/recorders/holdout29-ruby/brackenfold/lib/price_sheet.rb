module Brackenfold
  # The co-op's milk price sheet: per-supplier, per-band component prices, loaded once per process.
  module PriceSheet
    def self.table
      @table ||= begin
        t = {}
        4_000.times do |i|
          t["S#{format("%05d", i)}"] = "B#{i % 12}|#{4.1 + (i % 9) / 100.0}|#{3.3 + (i % 7) / 100.0}|supplier #{i} contract 2026/27 tier #{i % 4}|"
        end
        t
      end
    end
  end
end
