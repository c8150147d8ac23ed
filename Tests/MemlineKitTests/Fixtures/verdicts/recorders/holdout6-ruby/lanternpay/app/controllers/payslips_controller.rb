class PayslipsController < ApplicationController
  def show = render(employee_formats(params["id"]), query(6 + rand(8), 30))

  def preview
    fmt = employee_formats(params["id"])
    lines = query(10 + rand(10), 60)
    fmt["rows"].first(200).zip(lines).map { |row, l| "#{row}|#{l && l["gross_cents"]}" }.join("<br>")
  end
end
