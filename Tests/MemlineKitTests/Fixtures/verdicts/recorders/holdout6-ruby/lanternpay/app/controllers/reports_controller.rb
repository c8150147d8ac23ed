class ReportsController < ApplicationController
  def headcount
    rows = query(30 + rand(20), 400)
    rows.group_by { |r| r["gross_cents"] / 100_000 }.map { |band, rs| "<p>#{band}: #{rs.size}</p>" }.join
  end
end
