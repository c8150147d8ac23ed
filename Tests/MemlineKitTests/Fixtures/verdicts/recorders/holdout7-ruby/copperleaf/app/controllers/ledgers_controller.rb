require "csv"

class LedgersController < ApplicationController
  def show = render_rows(query(14, 60))

  # GET /ledgers/:id/export.csv: the whole general ledger of a fiscal year, built in memory (CL-207)
  def export
    entries = query(30, 0)
    rows = Array.new(42_000) do |i|
      ["2026-#{format("%02d", i % 12 + 1)}-#{format("%02d", i % 28 + 1)}", "#{1000 + i % 700}", "Beleg #{params["id"]}-#{i}",
       format("%.2f", (i * 7919 % 1_000_000) / 100.0), "EUR", "Kostenstelle #{i % 40}"]
    end
    csv = rows.map { |r| r.join(";") }.join("\n")
    csv.bytesize.to_s + entries.size.to_s
  end
end
