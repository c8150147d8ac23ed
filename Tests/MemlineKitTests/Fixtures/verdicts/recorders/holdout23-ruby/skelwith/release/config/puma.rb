# /srv/skelwith/current/config/puma.rb on sk-web-3 (puma 5.6.5 cluster, 3 workers x 4 threads). No preload_app!, so
# the deploy's phased restart (SIGUSR1) boots each worker again from the new `current` release.
directory "/srv/skelwith/current"
rackup "config.ru"
environment "production"
workers 3
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/skelwith/shared/tmp/pids/puma.pid"
state_path "/srv/skelwith/shared/tmp/pids/puma.state"
stdout_redirect "/srv/skelwith/shared/log/puma.stdout.log", "/srv/skelwith/shared/log/puma.stderr.log", true
worker_timeout 60
