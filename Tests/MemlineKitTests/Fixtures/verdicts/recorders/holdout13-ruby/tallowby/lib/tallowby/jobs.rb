# Tallowby's job classes (Sidekiq::Worker in the app; plain classes here)
module Tallowby
  class TimesheetSyncJob
    def perform(home_id)
      rows = Array.new(1_500) { |i| { "carer" => "c#{home_id}-#{i % 90}", "shift" => i, "hours" => (i % 12) + 0.5, "note" => "sync #{home_id} row #{i}" } }
      rows.group_by { |r| r["carer"] }.transform_values { |rs| rs.sum { |r| r["hours"] } }
      sleep 0.08
    end
  end

  class LeaveAccrualJob
    def perform(carer_id)
      Array.new(400) { |d| "#{carer_id}:day#{d}:#{(d % 7) * 0.25}" }.map(&:upcase)
      sleep 0.05
    end
  end

  class BankFileExportJob
    def perform(run_id)
      lines = Array.new(6_000) { |i| format("%06d,%08d,%s,%.2f,TALLOWBY PAYROLL %d", 400_000 + i % 900, 10_000_000 + i, "GB", 900 + i % 400, run_id) }
      lines.join("\n").bytesize
      sleep 0.2
    end
  end

  # the payroll run: one payslip per carer, rendered to HTML then "PDF" in memory, all garbage afterwards
  class PayslipRenderJob
    def perform(carer_id)
      items = Array.new(900) { |i| { "code" => "PAY#{i % 40}", "desc" => "hours at rate band #{i % 7} for carer #{carer_id}", "amount" => (i * 3.17).round(2) } }
      html = +"<html><body>"
      items.each { |it| html << "<tr><td>#{it["code"]}</td><td>#{it["desc"]}</td><td>#{it["amount"]}</td></tr>" }
      pdf = html.gsub("<", "&lt;") * 3
      pdf.bytesize
      sleep 0.3
    end
  end

  class ShiftReminderJob
    def perform(shift_id)
      "Reminder: shift #{shift_id} starts at 07:00".encode("UTF-16LE")
      sleep 0.02
    end
  end
end
