# Monthly tonnage report for the port authority (CSV, all movements of the month).
module TonnageReport
  def self.csv(month, rng)
    rows = Array.new(240_000) do |i|
      "#{month}-#{format("%02d", i % 30 + 1)},MV-#{rng.rand(9_100_000..9_899_999)},berth-#{i % 60 + 1},#{rng.rand(900..84_000)},#{%w[bulk container ro-ro tanker].sample(random: rng)}"
    end
    out = +"date,imo,berth,gross_tonnage,kind\n"
    rows.each { |r| out << r << "\n" }
    out
  end
end
