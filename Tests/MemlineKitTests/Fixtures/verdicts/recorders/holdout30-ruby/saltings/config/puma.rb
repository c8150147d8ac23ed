# /srv/saltings/config/puma.rb on sh-web-1 (puma 5.6.5, single mode, 5 threads).
directory "/srv/saltings"
rackup "config.ru"
environment "production"
tag "saltings"
threads 5, 5
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/saltings/tmp/pids/puma.pid"
stdout_redirect "/srv/saltings/log/puma.stdout.log", "/srv/saltings/log/puma.stderr.log", true
