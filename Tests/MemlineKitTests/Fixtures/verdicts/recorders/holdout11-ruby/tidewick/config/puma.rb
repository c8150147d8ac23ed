# /srv/tidewick/config/puma.rb on tw-web-2 (Debian's puma 5.6): 2 workers x 3 threads, preload_app!
# TW-318: worker 0 traces object allocations so the on-call can take heap dumps with allocation sites
directory "/srv/tidewick"
rackup "/srv/tidewick/config.ru"
workers 2
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "tidewick"
pidfile "/srv/tidewick/tmp/pids/puma.pid"
stdout_redirect "/srv/tidewick/log/puma.stdout.log", "/srv/tidewick/log/puma.stderr.log", true
on_worker_boot do |index|
  RackBase.heap_trace!("/srv/tidewick", "tidewick-web.%<pid>d.%<n>d.heap.json") if index.zero?
end
