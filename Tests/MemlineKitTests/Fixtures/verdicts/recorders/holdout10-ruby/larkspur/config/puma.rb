# /srv/larkspur/config/puma.rb on ls-web-1 (Debian's puma 5.6): 3 workers x 1 thread (the app is not thread-safe yet),
# no preload; deploys and rollbacks hot-restart puma (USR2)
directory "/srv/larkspur"
rackup "/srv/larkspur/config.ru"
workers 3
threads 1, 1
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "larkspur"
pidfile "/srv/larkspur/tmp/pids/puma.pid"
stdout_redirect "/srv/larkspur/log/puma.stdout.log", "/srv/larkspur/log/puma.stderr.log", true
