# /srv/scanforge/config/puma.rb on sf-web-1 (Debian's puma 5.6): cluster mode, 2 workers x 3 threads, preload_app!
directory "/srv/scanforge"
rackup "/srv/scanforge/config.ru"
workers 2
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "scanforge"
pidfile "/srv/scanforge/tmp/pids/puma.pid"
stdout_redirect "/srv/scanforge/log/puma.stdout.log", "/srv/scanforge/log/puma.stderr.log", true

on_worker_boot do |index|
  Scanforge.after_fork(index)
end
