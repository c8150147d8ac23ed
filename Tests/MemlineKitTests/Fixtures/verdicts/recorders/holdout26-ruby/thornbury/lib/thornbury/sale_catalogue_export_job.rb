module Thornbury
  # Rebuilds the next sale's lot catalogue (CSV for the printers and the online listing): every lot with its
  # animals' details, built in memory and written out.
  class SaleCatalogueExportJob
    def self.sample_args
      ["2026-12-#{rand(10..20)}"]
    end

    def perform(sale_day)
      lots = Array.new(9_000) do |i|
        { lot: i, pen: "P#{i % 400}", breed: %w[Limousin Charolais Angus Hereford Simmental][i % 5], sex: i.odd? ? "heifer" : "steer",
          age_months: 6 + i % 30, vendor: "Vendor #{i % 900}", tags: ["UK#{i * 7919 % 10**11}"] }
      end
      csv = lots.map { |l| l.values.flatten.join(",") }.join("\n")
      File.write("/srv/thornbury/tmp/catalogue-#{sale_day}.csv", csv)
      lots.size
    end
  end
end
