# /srv/gorsedown/config/puma.rb on gd-web-2 (puma 5.6.5, cluster mode: 2 workers x 4 threads, preload_app!).
directory "/srv/gorsedown"
rackup "config.ru"
environment "production"
tag "gorsedown"
workers 2
threads 4, 4
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/gorsedown/tmp/pids/puma.pid"
state_path "/srv/gorsedown/tmp/pids/puma.state"
stdout_redirect "/srv/gorsedown/log/puma.stdout.log", "/srv/gorsedown/log/puma.stderr.log", true
on_worker_boot do |index|
  $puma_worker_index = index
  Gorsedown.worker_boot(index)
end
