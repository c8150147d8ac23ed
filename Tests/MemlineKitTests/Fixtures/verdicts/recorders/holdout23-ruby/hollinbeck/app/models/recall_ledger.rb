# Booster recall bookkeeping (HB-371: "keep the sweep results so the reminder preview can show what changed").
# The ledger was meant to keep only the latest sweep per clinic; it keeps every sweep's rows for the life of the process.
module RecallLedger
  ENTRIES = {}
  MUTEX = Mutex.new

  module_function

  def record(sweep_id, clinic, patient_id, due_days)
    row = { clinic: clinic, patient: "PT-#{patient_id}", due_days: due_days, sweep: sweep_id }
    MUTEX.synchronize { ENTRIES["#{sweep_id}/#{clinic}/#{patient_id}"] = row }
  end

  def size = MUTEX.synchronize { ENTRIES.size }
end
