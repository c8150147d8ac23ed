module Brantwood
  # Monthly occupancy "PDF": every lodge x room x night as text rows, then laid out. Hundreds of thousands of
  # short-lived strings per report.
  class OccupancyReport
    def initialize(month) = @month = month || "2026-11"

    def render
      rows = []
      14.times do |lodge|
        60.times do |room|
          62.times { |night| rows << "lodge #{lodge} room #{room} night #{@month}-#{format("%02d", night % 31 + 1)} occupied=#{(lodge * room + night) % 3 != 0}" }
        end
      end
      pages = rows.each_slice(60).map { |slice| slice.map { |r| r.ljust(120) }.join("\n") }
      "%PDF-1.4\n% brantwood occupancy #{@month}: #{rows.size} rows, #{pages.size} pages, #{pages.sum(&:bytesize)} bytes\n"
    end
  end
end
