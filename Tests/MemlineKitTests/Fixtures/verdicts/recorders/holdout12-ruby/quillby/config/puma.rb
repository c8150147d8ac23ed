# /srv/quillby/config/puma.rb on qb-app-1 (puma 5.6, single mode): the web process. Jobs run in bin/jobs (GoodJob).
threads 3, 3
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/quillby/tmp/pids/puma.pid"
stdout_redirect "/srv/quillby/log/puma.stdout.log", "/srv/quillby/log/puma.stdout.log", true
environment "production"
