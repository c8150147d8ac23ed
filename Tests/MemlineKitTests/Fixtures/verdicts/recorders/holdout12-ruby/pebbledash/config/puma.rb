# /srv/pebbledash/config/puma.rb on pd-edge-2 (puma 5.6, single mode, 4 threads), started and watched by bin/watchdog
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/pebbledash/tmp/pids/puma.pid"
environment "production"
