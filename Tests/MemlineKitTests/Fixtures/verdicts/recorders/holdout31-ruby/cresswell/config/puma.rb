# /srv/cresswell/config/puma.rb on cb-web-1 (puma 5.6.5, cluster mode).
directory "/srv/cresswell"
rackup "config.ru"
environment "production"
tag "cresswell"
workers 2
threads 3, 3
preload_app!
persistent_timeout 20
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/cresswell/tmp/pids/puma.pid"
stdout_redirect "/srv/cresswell/log/puma.stdout.log", "/srv/cresswell/log/puma.stderr.log", true

on_worker_boot do |index|
  Cresswell.worker_booted(index)
end
