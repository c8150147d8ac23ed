# Corvelle's job classes (wine wholesale: orders, stock, FX, warehouse exports).
require "json"
require "corvelle/fx_history"

module Corvelle
  # every ~0.8 s: pull the provider's rate sheet (~45 pairs plus the provider's quote metadata) and remember it
  class FxRateSnapshotJob
    def perform(seq)
      body = { "sheet" => seq, "provider" => "ecb-mirror", "quotes" => FxHistory::PAIRS.map { |p| [p, { "bid" => rand.round(6), "ask" => rand.round(6), "src" => "fx-#{seq}-#{p}" * 180 }] }.to_h }
      # the provider's quote metadata makes the sheet ~110 KB; only the bids are used
      sleep 0.02
      FxHistory.record(JSON.generate(body), Time.now.utc)
    end
  end

  # confirms an order line to the shop: small, frequent
  class OrderAckJob
    def perform(order_id)
      payload = { "order" => order_id, "lines" => Array.new(8) { |i| { "sku" => "CV-#{order_id}-#{i}", "qty" => i + 1 } } }
      JSON.generate(payload)
      sleep 0.01
    end
  end

  # the warehouse's stock export: every bin, every lot, as CSV rows built in memory, then "uploaded" and dropped
  class WarehouseExportJob
    def perform(warehouse)
      rows = Array.new(260_000) { |i| "#{warehouse},BIN-#{i % 4000},LOT-#{i},#{i * 7 % 1000},#{(i * 0.37).round(2)},ok" }
      csv = rows.join("\n")
      sleep 0.4
      csv.bytesize
    end
  end
end
