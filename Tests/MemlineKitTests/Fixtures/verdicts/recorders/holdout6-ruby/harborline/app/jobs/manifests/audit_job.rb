module Manifests
  # Runs whenever a cargo manifest is created or changed: diffs it against the last submitted version and records
  # the diff in the audit trail (Harborline::AuditTrail).
  class AuditJob
    def perform(manifest_id, vessel, containers)
      before = manifest(manifest_id, vessel, containers, 0)
      after = manifest(manifest_id, vessel, containers, 1)
      changes = after.each_with_index.filter_map { |line, i| [i, before[i], line] if line != before[i] }
      entry = { "manifest" => manifest_id, "at" => Time.now.utc.iso8601(3), "vessel" => vessel,
                "diff" => changes.map { |i, a, b| "@@ #{i} @@\n- #{a}\n+ #{b}" }.join("\n"),
                "snapshot" => after.join("\n") }
      Harborline::AuditTrail.record(manifest_id, entry)
      sleep 0.01 + rand * 0.02 # INSERT INTO manifest_audits
      changes.size
    end

    private

    def manifest(id, vessel, containers, rev)
      Array.new(containers) do |i|
        "#{id}/#{i} #{vessel} Container HLBU#{format("%07d", (id * 31 + i) % 9_999_999)} Güterbezeichnung: Maschinenteile aus Stahl, " \
          "Gewicht #{1_200 + (i * 37 + rev * (i % 3 == 0 ? 5 : 0)) % 24_000} kg, Empfänger Spedition Müller & Söhne, Hafen Bremerhaven"
      end
    end
  end
end
