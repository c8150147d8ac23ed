# Hollowmere::LabelCanvas: the team's binding to the label rasteriser (C-extension style, written with Fiddle against
# libc): a canvas is three malloc'd planes (1-bit image, ZPL command buffer, barcode scratch) outside the Ruby heap.
# Canvases are tracked in OPEN (like the extension's own handle table) until #close frees the planes.
require "fiddle"

module Hollowmere
  class LabelCanvas
    LIBC = Fiddle.dlopen(nil)
    MALLOC = Fiddle::Function.new(LIBC["malloc"], [Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    FREE = Fiddle::Function.new(LIBC["free"], [Fiddle::TYPE_VOIDP], Fiddle::TYPE_VOID)
    MEMSET = Fiddle::Function.new(LIBC["memset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_INT, Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    OPEN = {}
    LOCK = Mutex.new
    PLANES = { image: 812 * 1218 / 8 * 2, zpl: 64 * 1024, barcode: 48 * 1024 } # 4x6" at 203 dpi, two copies

    def self.open
      canvas = new
      return canvas unless block_given?
      begin
        yield canvas
      ensure
        canvas.close
      end
    end

    def initialize
      @planes = PLANES.transform_values { |size| MALLOC.call(size).to_i.tap { |addr| MEMSET.call(addr, 0, size) } }
      LOCK.synchronize { OPEN[object_id] = self }
    end

    def draw(text, barcode)
      MEMSET.call(@planes[:image], (text.sum & 0x7f) | 1, PLANES[:image])
      MEMSET.call(@planes[:barcode], barcode.size & 0xff, PLANES[:barcode])
      MEMSET.call(@planes[:zpl], 0x5e, PLANES[:zpl])
      self
    end

    def to_zpl = "^XA^FO50,50^GFA,#{PLANES[:image]},#{PLANES[:image]},102,#{(@planes[:image] & 0xffff).to_s(16)}^FS^XZ"

    def close
      LOCK.synchronize { OPEN.delete(object_id) }
      @planes&.each_value { |addr| FREE.call(addr) }
      @planes = nil
    end
  end
end
