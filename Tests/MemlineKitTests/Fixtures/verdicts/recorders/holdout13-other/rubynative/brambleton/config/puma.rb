# Brambleton on Puma 5, single mode (no cluster), 4 threads.
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch('PORT')}"
environment "production"
pidfile "tmp/pids/puma.pid"
stdout_redirect "log/puma.stdout.log", "log/puma.stderr.log", true
tag "brambleton"
