# /srv/kestrelmouth/config/puma.rb on kp-web-1 (puma 5.6.5 single mode, 5 threads).
directory "/srv/kestrelmouth"
rackup "config.ru"
environment "production"
threads 5, 5
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/kestrelmouth/tmp/pids/puma.pid"
stdout_redirect "/srv/kestrelmouth/log/puma.log", "/srv/kestrelmouth/log/puma.log", true
