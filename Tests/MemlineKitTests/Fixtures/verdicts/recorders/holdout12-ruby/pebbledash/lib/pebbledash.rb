# Pebbledash (soil-moisture probes for allotments and farms): a small Rack service on puma in single mode, Rails-style
# production.log tagged with the request id (Logger prefix with pid), and config/initializers/gc_log.rb: a GC.stat
# envelope JSON line every 3 s in log/gc.jsonl.
require "pebbledash/base"
require "json"

module Pebbledash
  ROOT = File.expand_path("..", __dir__)

  # PD-77: the last bursts each probe sent, for the "recent readings" chart. Meant to keep 10 per device; the trim
  # went missing in the PD-81 refactor, so every burst stays.
  module DeviceTrail
    TRAIL = Hash.new { |h, k| h[k] = [] }
    LOCK = Mutex.new
    def self.record(device, burst) = LOCK.synchronize { TRAIL[device] << burst }
  end

  # PD-60: every zone polygon (48 zones, ~120 KB each) loaded on the first zone lookup and kept for the process' life.
  module ZoneIndex
    LOCK = Mutex.new
    def self.zones
      LOCK.synchronize do
        @zones ||= (1..48).to_h { |z| ["z#{z}", Array.new(2_400) { |i| format("%.6f,%.6f", 51 + z * 0.01 + i * 1e-6, -1.5 + i * 1e-6) }] }
      end
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["POST", %r{\A/v1/telemetry\z}, "V1::TelemetryController#create", :telemetry],
      ["GET", %r{\A/v1/zones/(z\d+)\z}, "V1::ZonesController#show", :zone],
      ["GET", %r{\A/v1/health\z}, "V1::HealthController#show", :health],
    ])
  end

  class Controllers
    def telemetry(req, _id)
      params = req.POST
      device = params.delete("device")
      burst = { "at" => Time.now.utc, "raw" => params.to_a.flatten.join(";"),
                "samples" => Array.new(450) { |i| "#{device}/#{i}/#{params["r#{i % 60}"]}" } }
      DeviceTrail.record(device, burst)
      sleep 0.006
      [201, "", 2.1]
    end

    def zone(_req, id)
      poly = ZoneIndex.zones.fetch(id, [])
      sleep 0.004
      [200, JSON.generate({ "zone" => id, "points" => poly.size }), 0.8]
    end

    def health(_req, _id) = [200, "ok", 0.2]
  end

  def self.start_gc_log
    Thread.new do
      File.open(File.join(ROOT, "log/gc.jsonl"), "a") do |f|
        f.sync = true
        loop do
          f.puts JSON.generate({ "time" => Time.now.utc.iso8601(3), "pid" => Process.pid, "service" => "pebbledash", "stat" => GC.stat })
          sleep 3
        end
      end
    end
  end
end
Pebbledash.start_gc_log
