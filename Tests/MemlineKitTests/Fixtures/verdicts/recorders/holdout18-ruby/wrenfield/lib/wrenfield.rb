# Wrenfield (parcel carrier: shipment labels, depot finder, tracking): a Rack stand-in for its Rails 7.0 app on puma
# cluster mode. Shipping labels are rasterised by a native ZPL/barcode library (here: libc malloc/memset through Fiddle,
# as the C extension does); the depot finder memoises nearby-depot lists in a Ruby Hash.
require "fiddle"
require "wrenfield/base"

module Wrenfield
  ROOT = File.expand_path("..", __dir__)
  RackBase.heap_trace!(ROOT, "wrenfield.%<pid>d.%<t>s.heapdump")

  # the native label rasteriser (WF-288 "zebra_raster 2.3"): renders the label bitmap into a malloc'd buffer. 2.3 keeps
  # the rendered bitmap in its glyph cache slot and never frees it when the next label evicts the slot.
  module LabelRaster
    LIBC = Fiddle.dlopen(nil)
    MALLOC = Fiddle::Function.new(LIBC["malloc"], [Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    MEMSET = Fiddle::Function.new(LIBC["memset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_INT, Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    def self.render(shipment_id, dpi)
      bytes = (dpi * 4) * (dpi * 6) / 8 * (3 + shipment_id.to_i % 3)   # 4x6 in monochrome bitmap, 1-3 barcode layers
      buf = MALLOC.call(bytes)
      MEMSET.call(buf, 0x55, bytes)
      bytes
    end
  end

  # the depot finder (WF-270): nearby depots per 0.01 degree grid cell, remembered so the map does not hit PostGIS again
  module DepotCache
    CELLS = {}
    LOCK = Mutex.new
    def self.fetch(cell)
      LOCK.synchronize do
        CELLS[cell] ||= Array.new(24) { |i| "depot-#{cell}-#{i}|#{"Unit #{i}, Trading Estate " * 6}|opening 07:00-19:00|lockers #{i * 3}" }
      end
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/shipments/(\d+)/label\.zpl\z}, "LabelsController#show", :label],
      ["GET", %r{\A/depots/nearby\z}, "DepotsController#nearby", :nearby],
      ["GET", %r{\A/tracking/(\w+)\z}, "TrackingController#show", :tracking],
      ["POST", %r{\A/shipments\z}, "ShipmentsController#create", :create],
      ["GET", %r{\A/healthz\z}, "HealthController#show", :up],
    ])
  end

  class Controllers
    def label(_req, id) = (sleep 0.025; [200, "^XA^FO50,50^BCN,100^FD#{id}^FS^XZ #{LabelRaster.render(id, 203)}", 4.1])
    def nearby(req, _id)
      lat = (51.3 + rand * 0.4).round(2); lon = (-0.5 + rand * 0.6).round(2)
      [200, DepotCache.fetch("#{lat},#{lon}").first(5).join("\n"), 6.3]
    end
    def tracking(_req, id) = (sleep 0.01; [200, "<h1>#{id}</h1>" + ("<li>scan</li>" * 9), 2.4])
    def create(_req, _id) = (sleep 0.03; [201, "{\"shipment\":#{rand(10**8)}}", 11.8])
    def up(_req, _id) = [200, "ok", 0.0]
  end
end
