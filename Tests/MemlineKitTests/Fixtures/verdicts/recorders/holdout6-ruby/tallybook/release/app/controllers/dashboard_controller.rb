class DashboardController < ApplicationController
  def show
    rows = query(25 + rand(20), 300)
    by_month = rows.group_by { |r| r["due_on"][0, 7] }.transform_values { |rs| rs.sum { |r| r["total_cents"] } }
    "<h1>Receivables</h1>#{by_month.map { |m, c| "<p>#{m}: #{c / 100.0}</p>" }.join}"
  end
end
