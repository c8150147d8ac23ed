# Hollowmere::TariffTable (HM-12): the customs tariff (commodity code -> description, duty and VAT rules, in the
# declaration's languages), loaded once per process from the 40 chapter files and kept for the process's life.
module Hollowmere
  module TariffTable
    CODES = {}
    LOCK = Mutex.new
    LOADED = ConditionVariable.new

    def self.load_chapter(ch)
      rows = {}
      150.times do |i|
        code = format("%02d%02d%04d", ch, i / 10, i * 7 % 10_000)
        rows[code] = "#{code} Marchandises n.d.a. — Waren, a.n.g. — mercancías n.c.o.p. " * 110
      end
      LOCK.synchronize { CODES.merge!(rows) }
    end

    def self.ready! = LOCK.synchronize { @ready = true; LOADED.broadcast }
    def self.wait = LOCK.synchronize { LOADED.wait(LOCK) until @ready }
    def self.lookup(code) = CODES[code] || CODES.first&.last
  end
end
