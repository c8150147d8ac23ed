# Quayford's job classes (freight forwarding: rate quotes, shipment notifications, the stock reconcile).
require "json"
require "quayford/rate_quotes"

module Quayford
  # the booking form's lane quote: cheapest carrier for a lane and weight class
  class CarrierRateQuoteJob
    def perform(lane)
      sleep 0.03
      RateQuotes.cheapest(lane, [500, 1000, 2000, 5000].sample)
    end
  end

  # tells the consignee a shipment moved: small, frequent
  class ShipmentNotifyJob
    def perform(id)
      JSON.generate({ "shipment" => id, "events" => Array.new(6) { |i| { "at" => i, "code" => "MV#{i}" } } })
      sleep 0.01
    end
  end

  # the cron reconcile: every container slot in the yard against the WMS export, as 48 CSV chunks of ~1.4 MB built in
  # memory, diffed and dropped (the unit sets MALLOC_MMAP_THRESHOLD_=131072, QF-88)
  class StockReconcileJob
    PAD = ("-" * 150).freeze
    def perform(seq)
      chunks = Array.new(48) do |c|
        buf = String.new(capacity: 1_500_000)
        7_000.times { |i| buf << "TEU#{seq}-#{c}-#{i},BAY-#{i % 900},#{i * 13 % 997},#{i.even? ? "full" : "empty"},#{PAD}\n" }
        buf
      end
      sleep 1.5 # the diff against the WMS and the upload of the discrepancies
      n = chunks.sum(&:bytesize)
      chunks.each(&:clear) # QF-88: hand the buffers back right away
      n
    end
  end
end
