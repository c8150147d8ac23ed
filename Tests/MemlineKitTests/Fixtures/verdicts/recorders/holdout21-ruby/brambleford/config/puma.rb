# /srv/brambleford/config/puma.rb on bf-web-4 (puma 5.6): 2 workers x 2 threads, preload_app!. BF-412: allocation
# tracing is on in the workers while the memory growth is chased (started in on_worker_boot).
workers 2
threads 2, 2
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/brambleford/tmp/pids/puma.pid"
stdout_redirect "/srv/brambleford/log/puma.stdout.log", "/srv/brambleford/log/puma.stdout.log", true
environment "production"
tag "brambleford"
on_worker_boot do
  require "objspace"
  ObjectSpace.trace_object_allocations_start
end
