# /srv/larchwater/config/puma.rb on lw-web-2 (puma 5.6): cluster, 3 workers x 4 threads, no preload_app (deploys and
# config changes go out as phased restarts: `kill -USR1` to the master, one worker at a time). The systemd unit runs
# puma with LD_PRELOAD=libjemalloc.so.2 and MALLOC_CONF=narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0 (LW-12).
workers 3
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/larchwater/tmp/pids/puma.pid"
stdout_redirect "/srv/larchwater/log/puma.stdout.log", "/srv/larchwater/log/puma.stdout.log", true
environment "production"
tag "larchwater"
worker_timeout 60
