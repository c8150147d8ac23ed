# /srv/fernbook/config/puma.rb on fb-web-1 (Debian's puma 5.6): 2 workers x 4 threads, no preload (phased restarts)
directory "/srv/fernbook"
rackup "/srv/fernbook/config.ru"
workers 2
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "fernbook"
pidfile "/srv/fernbook/tmp/pids/puma.pid"
stdout_redirect "/srv/fernbook/log/puma.stdout.log", "/srv/fernbook/log/puma.stderr.log", true
