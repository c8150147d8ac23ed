# /srv/alderbrook/config/puma.rb on ab-web-1: puma 5.6.5 in single mode (no workers), 4 threads.
directory "/srv/alderbrook"
environment "production"
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/alderbrook/tmp/pids/puma.pid"
stdout_redirect "/srv/alderbrook/log/puma.stdout.log", "/srv/alderbrook/log/puma.stderr.log", true
