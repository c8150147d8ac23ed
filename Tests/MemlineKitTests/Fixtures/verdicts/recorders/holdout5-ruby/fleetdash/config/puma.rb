# puma config of Fleetdash's fleet-web-2 (Debian's puma 5.6, cluster mode, behind nginx)
root = File.expand_path("..", __dir__)
directory root
workers 3
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
pidfile File.join(root, "tmp/pids/puma.pid")
preload_app!
log_formatter { |str| "#{Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%3NZ")} #{str}" }

on_worker_boot do |index|
  Fleetdash.worker_booted(index)
  # PERF-231 (p99 experiment): worker 1 serves with the GC off to see the latency without GC pauses.
  # The out-of-band GC that was to go with it never got merged. Revert after the measurement.
  GC.disable if index == 1
end
