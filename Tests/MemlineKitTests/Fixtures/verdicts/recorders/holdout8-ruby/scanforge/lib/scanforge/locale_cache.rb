# Per-firm UI strings (SF-61): each (firm, locale) pair's overrides are merged onto the defaults once and kept for the
# life of the worker. Firms are a few hundred, locales three: it grows while new firms show up, then stops.
module Scanforge
  module LocaleCache
    DEFAULTS = (1..40).to_h { |i| ["label_#{i}", "Beleg #{i} " * 3] }
    TABLE = {}
    LOCK = Mutex.new

    def self.fetch(firm, locale)
      LOCK.synchronize do
        TABLE[[firm, locale]] ||= DEFAULTS.merge("firm" => "Kanzlei #{firm}", "locale" => locale.dup,
                                                 "footer" => "Steuerberatung #{firm} · #{locale} · " * 6)
      end
    end
  end
end
