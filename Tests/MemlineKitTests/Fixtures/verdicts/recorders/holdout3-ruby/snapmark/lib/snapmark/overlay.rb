# frozen_string_literal: true

# Snapmark::Overlay stands in for the C extension that composites the studio's watermark onto a proof (it wraps a
# libvips-style image pipeline). The extension mallocs an RGBA scratch buffer per call and frees it only on the
# error path: on success the buffer is leaked. Ruby never sees this memory (no Ruby object holds it, GC.stat and
# heap dumps stay flat). Here the C calls are made through Fiddle against libc.
require "fiddle"

module Snapmark
  module Overlay
    LIBC = Fiddle.dlopen(nil)
    MALLOC = Fiddle::Function.new(LIBC["malloc"], [Fiddle::TYPE_SIZE_T], Fiddle::TYPE_VOIDP)
    MEMSET = Fiddle::Function.new(LIBC["memset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_INT, Fiddle::TYPE_SIZE_T],
                                  Fiddle::TYPE_VOIDP)

    # width x (width * 2 / 3) RGBA pixels, alpha-blended row by row; returns the composited byte count
    def self.composite(proof_id, width)
      height = width * 2 / 3
      size = width * height / 2 # the overlay mask: half the proof's pixels, 1 byte each
      scratch = MALLOC.call(size)
      MEMSET.call(scratch, 0x7f, size)
      # free(scratch) is only reached on the error path of the extension
      size + proof_id % 7
    end
  end
end
