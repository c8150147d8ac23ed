# /srv/saltgrove/config/puma.rb on sg-web-3 (Debian's puma 5.6.5): cluster, 3 workers x 3 threads, preload_app!.
# Each worker starts the GC.stat reporter (log/gc_stat.log: one JSON envelope per 2 s with the pid and GC.stat).
workers 3
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/saltgrove/tmp/pids/puma.pid"
stdout_redirect "/srv/saltgrove/log/puma.stdout.log", "/srv/saltgrove/log/puma.stdout.log", true
environment "production"
tag "saltgrove"
persistent_timeout 30
on_worker_boot { |index| Saltgrove::GcReporter.start(index) }
