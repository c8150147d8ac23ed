# /srv/larchmont/config/puma.rb on lm-web-1 (puma 5.6): 2 workers x 3 threads, preload_app!
workers 2
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/larchmont/tmp/pids/puma.pid"
stdout_redirect "/srv/larchmont/log/puma.stdout.log", "/srv/larchmont/log/puma.stdout.log", true
environment "production"
on_worker_boot { Larchmont.start_gc_log }
