# frozen_string_literal: true

class RateQuoteJob
  def perform(zone)
    rates = Array.new(600) { |i| { "carrier" => %w[dhl ups gls dpd][i % 4], "zone" => zone, "weight" => i / 10.0, "cents" => 400 + i * 3 } }
    rates.min_by { |r| r["cents"] + r["weight"] }["carrier"]
  end
end
