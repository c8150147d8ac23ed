require "json"
require "audit_trail"

module Dunmere
  class << self; attr_accessor :logger; end

  def self.enabled?(feature)
    JSON.parse(File.read("/srv/dunmere/shared/config/flags.json"))[feature] == true
  rescue Errno::ENOENT, JSON::ParserError
    false
  end

  # Berth sensor readings from the linkspans: parse and forward, nothing kept.
  class BerthTelemetryJob
    def perform(berth, seq)
      frames = Array.new(300) { |i| { "berth" => berth, "seq" => seq, "i" => i, "tide_mm" => 1200 + (i * 7 % 900), "load_t" => (i % 40) * 1.5 } }
      JSON.generate(frames).bytesize
    end
  end

  # Passenger and vehicle manifest for a sailing, pulled from the booking system and pushed to the port authority.
  class ManifestSyncJob
    def perform(vessel, sailing)
      manifest = { "vessel" => vessel, "sailing" => sailing, "synced_at" => Time.now.utc.iso8601(3),
                   "passengers" => Array.new(600) { |i| { "ref" => "DF#{sailing}#{format("%04d", i)}", "name" => "Passenger #{i}", "cabin" => nil, "vehicle" => (i % 5).zero? ? "VRM#{i}#{sailing}" : nil, "notes" => "assistance:#{i % 9 == 0} pets:#{i % 13 == 0}" } } }
      payload = JSON.generate(manifest)
      audit = Dunmere.enabled?("manifest_audit_trail")
      AuditTrail.record(vessel, sailing, manifest, payload) if audit
      Dunmere.logger.info("manifest #{vessel} sailing #{sailing} synced: #{manifest["passengers"].size} passengers, #{payload.bytesize} bytes" +
                          (audit ? ", audit trail #{AuditTrail::ENTRIES.size} pending flush" : ""))
    end
  end

  # Month-end fare reconciliation against the card acquirer's settlement file.
  class FareReconcileJob
    def perform(month)
      rows = Array.new(150_000) { |i| ["T#{i}", "#{month}-#{format("%02d", i % 30 + 1)}", (i * 13 % 9000) / 100.0, %w[adult child car cyclist][i % 4]] }
      matched = rows.group_by { |r| r[3] }.transform_values(&:size)
      csv = rows.map { |r| r.join(",") }.join("\n")
      Dunmere.logger.info("fare reconcile #{month}: #{rows.size} settlement lines, #{matched.inspect}, #{csv.bytesize} bytes")
    end
  end
end
