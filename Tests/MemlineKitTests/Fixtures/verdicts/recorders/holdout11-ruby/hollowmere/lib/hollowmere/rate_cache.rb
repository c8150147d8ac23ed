# Hollowmere::RateCache (HM-142): carrier rate quotes per (carrier, zone, weight band, service), refreshed by
# CarrierRateRefreshJob. Keyed by the quote's valid_from minute since HM-150, so each refresh adds a small set.
module Hollowmere
  module RateCache
    QUOTES = {}
    LOCK = Mutex.new

    def self.store(carrier, zone, band, service, valid_from, quote)
      LOCK.synchronize { QUOTES[[carrier, zone, band, service, valid_from]] = quote }
    end

    def self.size = QUOTES.size
  end
end
