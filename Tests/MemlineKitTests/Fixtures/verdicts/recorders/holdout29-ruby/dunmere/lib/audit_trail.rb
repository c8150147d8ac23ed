module Dunmere
  # DF-377 (shipped in v3.13.0 behind the manifest_audit_trail flag): keep what was sent to the port authority
  # (the manifest and its JSON) for each manifest sync, to be flushed to S3 by AuditTrailFlushJob (DF-378, not
  # written yet). Until then nothing drains ENTRIES.
  module AuditTrail
    ENTRIES = []
    LOCK = Mutex.new

    def self.record(vessel, sailing, manifest, payload)
      entry = { "vessel" => vessel, "sailing" => sailing, "at" => Time.now.utc, "payload" => payload.dup,
                "manifest" => manifest }
      LOCK.synchronize { ENTRIES << entry }
    end
  end
end
