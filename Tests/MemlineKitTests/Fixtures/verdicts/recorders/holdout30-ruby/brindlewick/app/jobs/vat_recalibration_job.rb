# Recalibrates the vat temperature probes against the reference thermometer (BW-702). Each run loads the
# calibration curves of every vat and appends them to the class-level history so the dashboard can compare runs.
class VatRecalibrationJob
  HISTORY = []

  def perform(rng)
    curves = (1..14).map do |vat|
      Array.new(3_200) { |i| "vat-#{format("%02d", vat)} probe=#{i % 4} t=#{(3.5 + rng.rand * 1.5).round(3)} ref=#{(3.5 + rng.rand * 1.5).round(3)} offset=#{(rng.rand * 0.2 - 0.1).round(5)} run=#{HISTORY.size + 1}" }
    end
    HISTORY << curves
    "recalibrated 14 vats, #{curves.sum(&:size)} curve points"
  end
end
