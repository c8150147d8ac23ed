module Culverdale
  # Monthly collections per farm and day for the co-op's finance team (CD-72): ~32,000 rows built in memory.
  module CollectionsReport
    module_function

    def build(month)
      rows = []
      900.times do |farm|
        36.times do |slot|
          rows << [month, farm, slot, "TK#{(farm + slot) % 50}", (farm * slot) % 4000, format("%.1f", 2 + (slot % 20) / 10.0),
                   format("%.2f", 3.6 + (farm % 9) / 10.0), "grade-#{slot.even? ? "A" : "B"}"]
        end
      end
      "month,farm,slot,tanker,litres,temp_c,butterfat,grade\n" + rows.map { |r| r.join(",") }.join("\n")
    end
  end
end
