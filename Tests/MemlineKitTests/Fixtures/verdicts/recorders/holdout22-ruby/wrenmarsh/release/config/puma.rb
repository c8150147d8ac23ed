# config/puma.rb of every Wrenmarsh release (puma 5.6.5 cluster on wm-app-1). No preload_app!, so Capistrano's
# puma:phased-restart (SIGUSR1) brings each worker up again from the new `current` release.
directory "/srv/wrenmarsh/current"
rackup "config.ru"
environment "production"
workers 2
threads 3, 3
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/wrenmarsh/shared/tmp/pids/puma.pid"
state_path "/srv/wrenmarsh/shared/tmp/pids/puma.state"
stdout_redirect "/srv/wrenmarsh/shared/log/puma.stdout.log", "/srv/wrenmarsh/shared/log/puma.stderr.log", true
worker_timeout 60
