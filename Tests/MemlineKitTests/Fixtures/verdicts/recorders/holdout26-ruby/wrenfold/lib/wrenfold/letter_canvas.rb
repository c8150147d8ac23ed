require "fiddle"
require "zlib"

module Wrenfold
  # Referral letters are drawn on a native 8-bit canvas (1024 x 512 px band per page, WF-88 "faster than ChunkyPNG")
  # and deflated into the PDF stream.
  class LetterCanvas
    WIDTH = 1024
    HEIGHT = 512

    def self.render_referral(referral_id, to, urgency)
      canvas = new(WIDTH, HEIGHT)
      canvas.clear(0xFF)
      canvas.stamp("REFERRAL #{referral_id} TO #{to} #{urgency}".upcase, 40)
      canvas.to_pdf_stream
    end

    def initialize(width, height)
      @width, @height = width, height
      @ptr = Fiddle::Pointer.malloc(width * height)
    end

    def clear(value)
      @ptr[0, @width * @height] = value.chr * (@width * @height)
    end

    def stamp(text, row)
      line = text.bytes.map { |b| (b * 3 % 256).chr }.join.ljust(@width, "\x00")[0, @width]
      32.times { |r| @ptr[(row + r) * @width, @width] = line }
    end

    def to_pdf_stream
      "%PDF-1.4\n" + Zlib::Deflate.deflate(@ptr[0, @width * 64]) + "\n%%EOF\n"
    end
  end
end
