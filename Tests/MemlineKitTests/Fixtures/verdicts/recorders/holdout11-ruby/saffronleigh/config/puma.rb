# /srv/saffronleigh/config/puma.rb on sl-web-1 (Debian's puma 5.6): 3 workers x 2 threads, no preload (phased restarts)
directory "/srv/saffronleigh"
rackup "/srv/saffronleigh/config.ru"
workers 3
threads 2, 2
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "saffronleigh"
pidfile "/srv/saffronleigh/tmp/pids/puma.pid"
stdout_redirect "/srv/saffronleigh/log/puma.stdout.log", "/srv/saffronleigh/log/puma.stderr.log", true
# no preload: the app loads in each worker after this hook, and config.ru starts its GC.stat logger with the index
on_worker_boot do |index|
  ENV["PUMA_WORKER_INDEX"] = index.to_s
end
