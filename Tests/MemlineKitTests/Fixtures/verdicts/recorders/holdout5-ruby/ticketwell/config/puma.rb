# puma config of Ticketwell's web-1 (Debian's puma 5.6, cluster mode)
root = File.expand_path("..", __dir__)
directory root
workers 4
threads 2, 2
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
pidfile File.join(root, "tmp/pids/puma.pid")
state_path File.join(root, "tmp/pids/puma.state")
stdout_redirect File.join(root, "log/puma.stdout.log"), File.join(root, "log/puma.stderr.log"), true
preload_app!

on_worker_boot do |index|
  Ticketwell.worker_booted(index)
end

out_of_band do
  Ticketwell.out_of_band
end
