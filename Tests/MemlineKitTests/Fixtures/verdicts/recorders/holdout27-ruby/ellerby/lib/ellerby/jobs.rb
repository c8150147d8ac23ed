module Ellerby
  # Vat probe readings posted by the PLC gateway (EC-480, v3.14 doubled the sampling rate).
  class VatTemperatureJob
    def self.sample_args = ["V#{rand(1..12)}", Array.new(40) { (31.0 + rand * 2).round(2) }.join(",")]

    def perform(vat, csv)
      temps = csv.split(",").map(&:to_f)
      avg = temps.sum / temps.size
      { vat: vat, avg: avg.round(2), max: temps.max, alarm: temps.max > 33.5 }.to_a.map { |k, v| "#{k}=#{v}" }.join(" ")
    end
  end

  class TankerIntakeJob
    def self.sample_args = ["TK-#{rand(10..60)}", rand(2_000..9_000)]

    def perform(tanker, litres)
      samples = Array.new(12) { |i| { farm: "WI-#{rand(1400)}", litres: litres / 12, fat: 3.6 + (i % 5) / 10.0 } }
      samples.sum { |s| s[:litres] }
      sleep 0.02
    end
  end

  # EC-530: the FDA-style mock recall drill / customer traceability requests (a few an hour in production).
  class RecallTraceJob
    def self.sample_args = ["CH#{rand(24_000..26_000)}"]

    def perform(lot)
      graph = LotGraph.trace(lot)
      sleep 0.3
      graph[:intakes].size
    end
  end

  # Delivery manifests for the distributors: every order line of the week, rendered as CSV.
  class DeliveryManifestJob
    def self.sample_args = ["2026-W49"]

    def perform(week)
      lines = Array.new(180_000) do |i|
        { order: "SO-#{400_000 + i / 6}", sku: "EC-#{i % 340}", cases: 1 + i % 40, dc: "DC#{i % 23}", week: week }
      end
      csv = lines.map { |l| l.values.join(",") }.join("\n")
      csv.bytesize
    end
  end
end
