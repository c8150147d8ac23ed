# /srv/brackenfold/config/puma.rb on bf-web-1 (puma 5.6.5, single mode, 5 threads).
directory "/srv/brackenfold"
rackup "config.ru"
environment "production"
tag "brackenfold"
threads 5, 5
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/brackenfold/tmp/pids/puma.pid"
stdout_redirect "/srv/brackenfold/log/puma.stdout.log", "/srv/brackenfold/log/puma.stderr.log", true
