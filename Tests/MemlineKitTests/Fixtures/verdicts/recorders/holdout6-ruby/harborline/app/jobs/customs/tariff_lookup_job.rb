module Customs
  # For each declaration line: the measures (duty, VAT, anti-dumping, quota) that apply to its commodity code from
  # its origin. Compiling a measure set walks the TARIC extract; the compiled set is Marshal'd into the LRU.
  class TariffLookupJob
    def perform(declaration_id, commodity_code, origin)
      blob = Harborline::TariffCache.fetch("#{commodity_code}/#{origin}") { Marshal.dump(compile(commodity_code, origin)) }
      measures = Marshal.load(blob)
      sleep 0.01 + rand * 0.02 # UPDATE declaration_lines SET duty_cents
      { "declaration" => declaration_id, "duty" => measures["duty_rate"], "n" => measures["measures"].size }
    end

    private

    def compile(code, origin)
      measures = Array.new(150) do |i|
        { "sid" => 3_100_000 + code.to_i % 9_973 * 13 + i, "type" => %w[103 142 551 552 305 112][i % 6],
          "geo" => origin, "footnote" => "TM#{i % 40} Maßnahme für #{code} aus #{origin}: Zollsatz gemäß VO (EU) 2023/#{1000 + i}, " \
                                        "Präferenz nur mit Ursprungsnachweis (EUR.1 / REX), Kontingent #{format("%06d", (i * 7919) % 999_999)}",
          "conditions" => Array.new(4) { |c| "C#{c}: Vorlage Unterlage N#{900 + c + i % 50} – Prüfung durch Zollstelle DE00#{4_000 + c}" } }
      end
      { "code" => code, "origin" => origin, "duty_rate" => (code.to_i % 17) / 100.0, "measures" => measures }
    end
  end
end
