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

  # the cron reconcile: every container slot in the yard against the WMS, as rows in memory, diffed and dropped
  class StockReconcileJob
    def perform(seq)
      rows = Array.new(330_000) { |i| "TEU#{seq}-#{i},BAY-#{i % 900},#{i * 13 % 997},#{i.even? ? "full" : "empty"}" }
      wms = rows.each_slice(1000).map { |s| s.join(";") }
      sleep 0.5
      wms.size
    end
  end
end
