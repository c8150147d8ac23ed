module Harborline
  # Every manifest change is diffed and kept for the broker's "what changed since submission" view. The trail is
  # capped per manifest (MAX_PER_MANIFEST), so "it cannot grow". It is keyed by manifest id, and a manifest is
  # audited a handful of times over its life at most: the cap never bites, and no manifest is ever dropped.
  module AuditTrail
    MAX_PER_MANIFEST = 50
    BY_MANIFEST = Hash.new { |h, k| h[k] = [] }
    LOCK = Mutex.new

    def self.record(manifest_id, entry)
      LOCK.synchronize do
        trail = BY_MANIFEST[manifest_id]
        trail << entry
        trail.shift while trail.size > MAX_PER_MANIFEST
      end
    end
  end
end
