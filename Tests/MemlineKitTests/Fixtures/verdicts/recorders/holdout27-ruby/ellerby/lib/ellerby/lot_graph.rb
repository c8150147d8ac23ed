module Ellerby
  # Lot genealogy for recalls: which milk intakes, vats and cheese lots a finished lot came from, and where its
  # cases went. EC-512 memoised traces "because the auditors ask for the same lot twice"; nothing ever evicts them.
  module LotGraph
    TRACES = {}
    PROFILES = ["3.61,3.58,3.70,3.66,3.59,", "3.72,3.69,3.75,3.71,3.68,", "3.55,3.60,3.57,3.62,3.64,"].freeze

    def self.trace(lot)
      TRACES[lot] ||= build(lot)
    end

    def self.build(lot)
      intakes = Array.new(2_500) do |i|
        "TK-#{lot.hash.abs % 97}-#{i}|WI-#{(i * 37) % 1400}|#{3_000 + i % 900}L|2026-11-#{i % 28 + 1}|negative|fat:" +
          (PROFILES[i % PROFILES.size] * 30)
      end
      vats = Array.new(120) { |v| "V#{v % 12}-#{lot}-#{v}:" + intakes.sample(24).map { |x| x[0, 12] }.join(";") }
      cases = Array.new(8_000) { |c| "#{lot}/C#{c}->DC#{c % 23} #{"%08d" % (c * 7919)}" }.join("\n")
      { lot: lot, intakes: intakes, vats: vats, cases: cases }
    end
  end
end
