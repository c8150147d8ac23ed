require "json"

module Quernmoor
  # Rolls the day's weighbridge tickets into the grain ledger: lots of short-lived hashes and strings, ~0.5-1 s.
  class GrainLedgerRollupJob
    def perform(day)
      tickets = Array.new(20_000) { |i| { "ticket" => "WB-#{day}-#{i}", "lot" => i % 311, "kg" => (i * 37) % 28_000, "moisture" => (i % 90) / 10.0 } }
      by_lot = tickets.group_by { |t| t["lot"] }
      by_lot.transform_values { |ts| ts.sum { |t| t["kg"] } }.to_json
    end
  end
end
