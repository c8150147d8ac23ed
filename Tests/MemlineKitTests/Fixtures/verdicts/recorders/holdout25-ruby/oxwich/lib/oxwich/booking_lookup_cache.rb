module Oxwich
  # OX-33: booking lookups cached per process, at most 600 entries (least recently used goes first).
  module BookingLookupCache
    MAX = 600
    ENTRIES = {}
    LOCK = Mutex.new

    def self.fetch(id)
      LOCK.synchronize do
        if (hit = ENTRIES.delete(id))
          ENTRIES[id] = hit
        else
          ENTRIES[id] = { ref: "OX#{id}", lead: "passenger-#{id}", notes: "accessible seating; dog on board; " * 20, legs: Array.new(4) { |i| "leg-#{i}-#{id}" } }
          ENTRIES.shift while ENTRIES.size > MAX
          ENTRIES[id]
        end
      end
    end
  end
end
