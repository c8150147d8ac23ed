# /srv/saltmere/config/puma.rb on sm-web-2 (puma 5.6): 3 workers x 4 threads, no preload_app! (deploys are rolling:
# `pumactl phased-restart`, i.e. SIGUSR1, one worker at a time).
workers 3
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/saltmere/tmp/pids/puma.pid"
stdout_redirect "/srv/saltmere/log/puma.stdout.log", "/srv/saltmere/log/puma.stdout.log", true
environment "production"
tag "saltmere"
