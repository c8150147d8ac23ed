# /srv/kestrelmoor/config/puma.rb on km-web-1 (puma 5.6): SINGLE mode (no workers), 5 threads. KM-61: allocation tracing
# is on while the memory growth is chased.
threads 5, 5
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/kestrelmoor/tmp/pids/puma.pid"
stdout_redirect "/srv/kestrelmoor/log/puma.stdout.log", "/srv/kestrelmoor/log/puma.stdout.log", true
environment "production"
tag "kestrelmoor"
