module Scarrowby
  # GET /reports/vaccinations-due.csv: every patient's due boosters for the range, built in memory (short-lived).
  # range=year waits on the reporting replica's year-long query (~13 s), past the 10 s unicorn timeout.
  module VaccinationsReport
    def self.build(range)
      n = range == "year" ? 150_000 : 110_000
      rows = Array.new(n) do |i|
        { patient: "P#{i * 13 % 40_000}", species: %w[canine feline equine bovine ovine][i % 5], vaccine: "VX-#{i % 31}",
          due: "2026-#{format("%02d", i % 12 + 1)}-#{format("%02d", i % 28 + 1)}", owner_phone: "+1-970-555-#{format("%04d", i % 10_000)}" }
      end
      sleep 13 if range == "year"
      rows.sort_by { |r| r[:due] }.map { |r| r.values.join(",") }.join("\n")
    end
  end
end
