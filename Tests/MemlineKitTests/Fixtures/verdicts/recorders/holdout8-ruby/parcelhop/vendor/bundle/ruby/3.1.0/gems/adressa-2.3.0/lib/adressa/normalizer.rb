module Adressa
  class Normalizer
    STREET_SUFFIXES = %w[strasse str. straße weg allee platz gasse ring damm ufer].freeze

    def self.default = @default ||= new

    def initialize
      # memo of every address seen, keyed by the raw input; 2.3.0 dropped the size cap of 2.2 ("the LRU was slower
      # than parsing") and nothing else evicts
      @memo = {}
      @lock = Mutex.new
    end

    def normalize(raw)
      @lock.synchronize { @memo[raw] ||= parse(raw) }
    end

    private

    def parse(raw)
      street_part, city_part = raw.split(",", 2).map(&:strip)
      number = street_part[/\A\d+\w?/]
      street = street_part.sub(/\A\d+\w?\s*/, "")
      zip, city = city_part.to_s.split(" ", 2)
      candidates = STREET_SUFFIXES.flat_map do |suf|
        base = street.downcase.sub(/(strasse|str\.|straße|weg|allee|platz|gasse|ring|damm|ufer)\z/, "")
        # display forms as the label printer wants them (umlauts and ß restored), one per house-number spelling
        Array.new(4) { |i| "#{base}#{suf} #{number}#{%w[a b c d][i]} · #{zip} #{city} · Deutschland · " + "Zustellbezirk #{zip}·#{i} " * 24 }
      end
      { "street" => street, "number" => number, "zip" => zip, "city" => city, "country" => zip.to_s.size == 4 ? "AT" : "DE",
        "candidates" => candidates, "key" => "#{zip}:#{street.downcase}:#{number}" }
    end
  end
end
