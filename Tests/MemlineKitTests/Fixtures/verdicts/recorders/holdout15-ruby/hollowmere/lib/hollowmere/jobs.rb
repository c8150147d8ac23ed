# Hollowmere's job classes (customs brokerage: classify commodity lines, render declarations, sync manifests).
require "json"
require "hollowmere/tariff_table"

module Hollowmere
  # boot-time warm-up: the 40 tariff chapters, one file each from the object store (~0.5 s apiece)
  class TariffWarmupJob
    def perform(_edition)
      (1..40).each { |ch| TariffTable.load_chapter(ch); sleep 0.45 }
      TariffTable.ready!
    end
  end

  class CustomsClassifyJob
    def perform(line_id)
      TariffTable.wait
      d = TariffTable.lookup(format("%08d", line_id))
      sleep 0.02
      d.bytesize
    end
  end

  # the declaration PDF: a few MB of transient strings
  class DeclarationPdfJob
    def perform(decl)
      pages = Array.new(40) { |p| Array.new(400) { |l| "decl #{decl} p#{p} l#{l} #{"goods " * 6}" }.join("\n") }
      sleep 0.1
      pages.sum(&:bytesize)
    end
  end

  class ManifestSyncJob
    def perform(port)
      JSON.generate(Array.new(3_000) { |i| { "port" => port, "bl" => "BL#{i}", "teu" => i % 3 } })
      sleep 0.3
    end
  end
end
