module Pontalva
  # GET /reports/occupancy.xlsx: the season's berth nights, built row by row in memory (short-lived).
  module OccupancyReport
    def self.build(season)
      nights = Array.new(70_000) do |i|
        { berth: "B#{i % 48}", night: "#{season}-#{format("%02d", i % 12 + 1)}-#{format("%02d", i % 28 + 1)}",
          vessel: "VESSEL #{i * 31 % 5000}", length_m: 8 + i % 30, tariff: (12.5 + (i % 9) * 1.75).round(2) }
      end
      rows = nights.group_by { |n| n[:berth] }.map do |berth, ns|
        [berth, ns.size, ns.sum { |n| n[:tariff] }.round(2), ns.map { |n| n[:vessel] }.uniq.size]
      end
      sheet = nights.map { |n| n.values.join("\t") }.join("\n")
      "PK\x03\x04" + rows.map { |r| r.join("\t") }.join("\n") + sheet[0, 2000]
    end
  end
end
