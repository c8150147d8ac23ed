# /srv/oxwich/config/puma.rb on ox-web-1 (puma 5.6.5 single mode, 4 threads), run by systemd (oxwich-web.service).
directory "/srv/oxwich"
rackup "config.ru"
environment "production"
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/oxwich/tmp/pids/puma.pid"
stdout_redirect "/srv/oxwich/log/puma.stdout.log", "/srv/oxwich/log/puma.stderr.log", true
