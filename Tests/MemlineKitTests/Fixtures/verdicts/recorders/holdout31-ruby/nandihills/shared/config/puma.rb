# /srv/nandihills/shared/config/puma.rb on nh-web-1 (puma 5.6.5, single mode; systemd restarts it on deploy).
directory "/srv/nandihills/current"
rackup "/srv/nandihills/current/config.ru"
environment "production"
tag "nandihills"
threads 5, 5
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/nandihills/shared/tmp/pids/puma.pid"
stdout_redirect "/srv/nandihills/shared/log/puma.stdout.log", "/srv/nandihills/shared/log/puma.stderr.log", true
