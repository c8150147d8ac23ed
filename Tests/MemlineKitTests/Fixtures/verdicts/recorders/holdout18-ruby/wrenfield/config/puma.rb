# /srv/wrenfield/config/puma.rb on wf-web-1 (puma 5.6): cluster, 3 workers x 3 threads, preload_app (copy-on-write
# for the carrier tables). Heap dumps on request for the RSS investigation (WF-301): `touch tmp/heapdump-PID.request`.
workers 3
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/wrenfield/tmp/pids/puma.pid"
stdout_redirect "/srv/wrenfield/log/puma.stdout.log", "/srv/wrenfield/log/puma.stdout.log", true
environment "production"
tag "wrenfield"
worker_timeout 60
