# /srv/tansley/config/puma.rb on ts-web-1 (puma 5.6.5, single mode, 4 threads), run by systemd (tansley-web.service).
directory "/srv/tansley"
rackup "config.ru"
environment "production"
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/tansley/tmp/pids/puma.pid"
stdout_redirect "/srv/tansley/log/puma.stdout.log", "/srv/tansley/log/puma.stderr.log", true
