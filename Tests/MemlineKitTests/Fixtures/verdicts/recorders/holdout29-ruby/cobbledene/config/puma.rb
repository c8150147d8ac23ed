# /srv/cobbledene/current/config/puma.rb on cl-web-1 (puma 5.6.5 cluster, 3 workers x 4 threads; no preload_app!
# so a deploy can phased-restart).
directory "/srv/cobbledene/current"
rackup "config.ru"
environment "production"
tag "cobbledene"
workers 3
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/cobbledene/shared/tmp/pids/puma.pid"
state_path "/srv/cobbledene/shared/tmp/pids/puma.state"
stdout_redirect "/srv/cobbledene/shared/log/puma.stdout.log", "/srv/cobbledene/shared/log/puma.stderr.log", true
worker_timeout 60
