# /srv/hazelrigg/config/puma.rb on hz-web-1 (puma 5.6): single mode, 2..14 threads (threads are spawned on demand as
# requests queue up and stay in the pool). Heap dumps on request: `touch tmp/heapdump-PID.request`.
threads 2, 14
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/hazelrigg/tmp/pids/puma.pid"
environment "production"
tag "hazelrigg"
