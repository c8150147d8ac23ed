# /srv/amberleigh/config/puma.rb on al-web-1 (puma 5.6.5 single mode, 4 threads).
directory "/srv/amberleigh"
rackup "config.ru"
environment "production"
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/amberleigh/tmp/pids/puma.pid"
stdout_redirect "/srv/amberleigh/log/puma.stdout.log", "/srv/amberleigh/log/puma.stderr.log", true
