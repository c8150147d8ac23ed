# Copperbeck Kennels: the month's invoices as CSV for the bookkeeper (built in memory, rows then one string).
module InvoiceExport
  def self.csv(month)
    months = month == "all" ? 26 : 4
    out = +"invoice,owner,dog,nights,rate,total,paid_at\n"
    months.times do |mi|
      rows = Array.new(16_000) do |i|
        "CK-#{mi}-#{100_000 + i},owner #{i % 3_100} #{"x" * 40},#{Copperbeck::DOGS[i % 400]["name"]},#{1 + i % 14},42.50,#{(42.5 * (1 + i % 14)).round(2)},2026-11-#{format("%02d", 1 + i % 30)}"
      end
      sleep 0.45
      yield 450.0 if block_given?
      out << rows.join("\n") << "\n"
    end
    out
  end
end
