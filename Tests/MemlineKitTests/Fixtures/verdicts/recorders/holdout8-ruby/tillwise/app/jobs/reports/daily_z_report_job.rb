module Reports
  # End-of-day Z report for a whole region: reads every receipt line of the day into memory, groups and sums them.
  # Big, transient: nothing survives the run but the totals.
  class DailyZReportJob
    def perform(region, day)
      rng = Random.new(day.hash & 0xffff)
      lines = []
      14.times do |page|
        rows = Array.new(5_000) { |i| "#{region};#{page};#{i};SKU-#{rng.rand(10**6)};#{rng.rand(1..4)};#{format("%.2f", rng.rand * 12)};7;#{"x" * 60}" }
        lines.concat(rows.map { |r| r.split(";") })
        sleep 0.12
      end
      totals = Hash.new(0.0)
      lines.group_by { |p| p[3][0, 6] }.each { |k, ps| totals[k] = ps.sum { |p| p[5].to_f } }
      totals.size
    end
  end
end
