# config/puma.rb in Quillbrook's image (puma 5.6): cluster, 2 workers x 3 threads, preload_app (the container's
# entrypoint is `bundle exec puma -C config/puma.rb`; the pod's memory limit is 256Mi).
workers 2
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "#{ENV.fetch("APP_ROOT")}/tmp/pids/puma.pid"
environment "production"
tag "quillbrook"
worker_timeout 60
