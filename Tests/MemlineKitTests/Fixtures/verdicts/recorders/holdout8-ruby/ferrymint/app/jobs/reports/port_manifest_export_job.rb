module Reports
  # The coast guard's season manifest: every passenger movement of the season for one port, as CSV, in memory.
  # Big and transient (nothing kept after the upload).
  class PortManifestExportJob
    def perform(port, season)
      rng = Random.new(port.hash & 0xffff)
      rows = []
      8.times do |chunk|
        rows.concat(Array.new(10_000) { |i| [season, port, chunk, i, "PAX-#{rng.rand(10**8)}", "Fähre #{rng.rand(40)}", "x" * 48] })
        sleep 0.1
      end
      csv = rows.map { |r| r.join(";") }.join("\n")
      csv.bytesize
    end
  end
end
