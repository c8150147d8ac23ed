# The payroll run for one client company: every employee's gross-to-net for the period, one line Hash per wage
# type, summed into the ledger export. Scheduled every 30 s on jobs-1 (each client's run is its own job). The lines
# are dropped when the job ends, and the job starts a full GC on its way out.
class PayrollRunJob
  def perform(company_id, period, employees)
    lines = []
    employees.times do |e|
      30.times do |w|
        lines << { "company" => company_id, "employee" => "E#{company_id}-#{e}", "period" => period, "wage_type" => 1000 + w,
                   "label" => "Lohnart #{1000 + w} Mitarbeiter #{e} Periode #{period}", "cents" => (e * 7919 + w * 104_729) % 600_000 }
      end
    end
    ledger = lines.group_by { |l| l["wage_type"] }.transform_values { |ls| ls.sum { |l| l["cents"] } }
    n = ledger.size
    lines = ledger = nil
    GC.start # OPS-318: "give the memory back after a payroll run"
    n
  end
end
