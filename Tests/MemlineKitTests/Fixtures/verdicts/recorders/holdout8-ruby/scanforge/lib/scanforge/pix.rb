# Scanforge::Pix: the thin wrapper around the page raster that the OCR step works on (the team's C-extension-style
# binding, written with Fiddle against libc: the raster lives in malloc'd memory outside the Ruby heap). A Pix must
# be released with #destroy (like pixDestroy); there is no finalizer, the Ruby object only holds the address.
require "fiddle"

module Scanforge
  class Pix
    LIBC = Fiddle.dlopen(nil)
    MALLOC = Fiddle::Function.new(LIBC["malloc"], [Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    FREE = Fiddle::Function.new(LIBC["free"], [Fiddle::TYPE_VOIDP], Fiddle::TYPE_VOID)
    MEMSET = Fiddle::Function.new(LIBC["memset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_INT, Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)

    attr_reader :width, :height

    # decode the upload into an 8-bit grayscale raster (width x height bytes)
    def self.read(bytes, width, height)
      new(width, height).tap { |pix| pix.fill(bytes) }
    end

    def initialize(width, height)
      @width, @height = width, height
      @addr = MALLOC.call(width * height).to_i
    end

    def fill(bytes)
      MEMSET.call(@addr, bytes.sum & 0xff | 1, @width * @height)
      self
    end

    def threshold = (@addr & 0x7f) + 64

    def destroy
      FREE.call(@addr) if @addr
      @addr = nil
    end
  end
end
