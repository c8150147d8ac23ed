# app/jobs/trip_aggregation_job.rb: rolls one gantry's last trips up into the billing CSV that goes to the
# accounts service; reads ~7-9k trip rows (1 KB each) into memory, builds the CSV, ships it, keeps nothing.
module Billing
  class TripAggregationJob
    def perform(gantry, _ref)
      rows = Array.new(rand(7_000..9_000)) { |i| format("%d,G%d,%s,%s", i, gantry, Time.now.utc.iso8601, "x" * 1_000) }
      csv = rows.join("\n")
      sleep 0.15
      csv.bytesize
    end
  end
end
