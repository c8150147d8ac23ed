require "fiddle"
require "zlib"

# app/lib/zpl_raster.rb: the label printer path (SC-640) renders each 4x6" label at 300 dpi, 8 bits per dot, into a native
# buffer handed to the printer driver's conversion (a Fiddle call in production). Fiddle::Pointer.malloc without a free
# function: when the Ruby Pointer is collected the C buffer is not released. Ruby's heap never sees the ~2.1 MB.
module ZplRaster
  WIDTH, HEIGHT = 1200, 1800

  def self.render(order_id)
    buf = Fiddle::Pointer.malloc(WIDTH * HEIGHT)
    row = ("\xFF".b * 40 + [order_id].pack("N") * 40 + "\x00".b * 1000).byteslice(0, WIDTH)
    HEIGHT.times { |y| buf[y * WIDTH, WIDTH] = row }
    Zlib.crc32(buf[0, 4096])
  end
end

module Labels
  class ThermalLabelJob
    def perform(order_id)
      sleep 0.08 # carrier API for the tracking barcode
      ZplRaster.render(order_id)
    end
  end
end

module Inventory
  class StockSyncJob
    def perform(sku)
      sleep 0.05
      { sku: sku, levels: Array.new(30) { |i| "store-#{i}:#{(sku + i) % 17}" } }.to_s.size
    end
  end
end

module Mailers
  class OrderReceiptJob
    def perform(order)
      sleep 0.12
      ("<p>Order #{order}</p>" + "<tr><td>line</td></tr>" * 80).size
    end
  end
end

module Reports
  # the nightly-style ledger rollup the finance team also runs on demand: builds ~800k Ruby objects, all garbage afterwards
  class LedgerRollupJob
    def perform(seed)
      rows = Array.new(200_000) { |i| { account: "4#{(seed + i) % 900}", amount: (i * 37) % 10_000, memo: "ledger line #{i} batch #{seed}" } }
      totals = Hash.new(0)
      rows.each { |r| totals[r[:account]] += r[:amount] }
      totals.size
    end
  end
end
