# /srv/fernhollow/config/puma.rb on fh-web-1 (puma 5.6): 2 workers x 3 threads, preload_app! (the app is loaded in the
# master, workers forked from it). FH-203: allocation tracing is on in the workers while the leak is chased.
workers 2
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/fernhollow/tmp/pids/puma.pid"
stdout_redirect "/srv/fernhollow/log/puma.stdout.log", "/srv/fernhollow/log/puma.stdout.log", true
environment "production"
tag "fernhollow"
on_worker_boot do
  ObjectSpace.trace_object_allocations_start
end
