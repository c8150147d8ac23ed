# Brambleton::CoverScaler: the binding to the cover thumbnailer (C-extension style, written with Fiddle against
# libc). A scaler holds three malloc'd buffers outside the Ruby heap: the decoded cover (RGBA), the scaled
# thumbnail and a WebP encode buffer. #release frees them. BR-88 moved the release into the rescue branch, so a
# successful thumbnail never releases its scaler (the native leak; the Ruby object itself is tiny and collected).
require "fiddle"

module Brambleton
  class CoverScaler
    LIBC = Fiddle.dlopen(nil)
    MALLOC = Fiddle::Function.new(LIBC["malloc"], [Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    FREE = Fiddle::Function.new(LIBC["free"], [Fiddle::TYPE_VOIDP], Fiddle::TYPE_VOID)
    MEMSET = Fiddle::Function.new(LIBC["memset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_INT, Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    BUFFERS = { decoded: 300 * 450 * 2, thumb: 120 * 180 * 4, webp: 24 * 1024 } # 16-bit RGB565 decode

    def initialize(isbn)
      @isbn = isbn
      @bufs = BUFFERS.to_h { |k, size| [k, MALLOC.call(size).to_i.tap { |a| MEMSET.call(a, isbn.sum & 0xff, size) }] }
    end

    def thumbnail(width)
      MEMSET.call(@bufs[:thumb], width & 0xff, BUFFERS[:thumb])
      MEMSET.call(@bufs[:webp], 0x52, BUFFERS[:webp])
      { isbn: @isbn, width: width, bytes: BUFFERS[:webp] / 3 }
    end

    def release
      @bufs&.each_value { |a| FREE.call(a) }
      @bufs = nil
    end
  end
end
