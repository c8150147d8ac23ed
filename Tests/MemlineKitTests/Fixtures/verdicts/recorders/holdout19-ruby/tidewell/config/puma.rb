# /srv/tidewell/config/puma.rb on tw-app-1 (puma 5.6): cluster, 2 workers x 4 threads, no preload_app. ActiveJob runs on
# the :async adapter (config.active_job.queue_adapter = :async): jobs run on a thread pool inside each puma worker.
workers 2
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/tidewell/tmp/pids/puma.pid"
stdout_redirect "/srv/tidewell/log/puma.stdout.log", "/srv/tidewell/log/puma.stdout.log", true
environment "production"
tag "tidewell"
worker_timeout 60
