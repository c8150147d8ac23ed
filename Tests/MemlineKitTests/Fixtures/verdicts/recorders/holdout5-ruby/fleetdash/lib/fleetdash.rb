# Fleetdash (fleet telematics dashboard) web app: a bare Rack app standing in for the Rails API. nginx in front
# writes the access log; the app writes no request log of its own on this box.
require "json"

module Fleetdash
  ROOT = File.expand_path("..", __dir__)
  LOG_DIR = File.join(ROOT, "log")

  # GC.stat once a second per worker, {"time": <Unix seconds>, "pid": …, "gc": {…}} (the metrics sidecar's format)
  def self.worker_booted(_index)
    io = File.open(File.join(LOG_DIR, "gc_stat.jsonl"), "a")
    io.sync = true
    Thread.new do
      loop do
        io.write(JSON.generate({ "time" => Time.now.to_f.round(3), "pid" => Process.pid, "gc" => GC.stat }) + "\n")
        sleep 1
      end
    end
  end
end

require "fleetdash/app"
