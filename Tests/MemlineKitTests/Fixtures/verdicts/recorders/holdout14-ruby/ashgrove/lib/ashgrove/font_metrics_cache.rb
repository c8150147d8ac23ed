# Ashgrove::FontMetricsCache (AG-52): text widths per (font, size, string) for the attendee list's column layout.
# No cap: every distinct attendee name adds an entry (a few hundred bytes).
module Ashgrove
  module FontMetricsCache
    STORE = {}
    LOCK = Mutex.new
    def self.width(font, size, text)
      key = "#{font}/#{size}/#{text}"
      LOCK.synchronize { STORE[key] ||= { glyphs: text.chars.map { |c| (c.ord % 7) + 4 }, width: text.size * size * 0.55, font: font } }[:width]
    end
  end
end
