# /srv/gorsemoor/config/puma.rb on gm-api-2 (puma 5.6.5, single mode, 5 threads).
directory "/srv/gorsemoor"
rackup "config.ru"
environment "production"
threads 5, 5
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/gorsemoor/tmp/pids/puma.pid"
stdout_redirect "/srv/gorsemoor/log/puma.stdout.log", "/srv/gorsemoor/log/puma.stderr.log", true
