# /srv/plumridge/config/puma.rb on pr-web-1 (puma 5.6): 3 workers x 5 threads, no preload_app! (deploys are
# phased restarts: `pumactl phased-restart`, i.e. SIGUSR1), glibc malloc with its default arenas.
workers 3
threads 5, 5
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/plumridge/tmp/pids/puma.pid"
stdout_redirect "/srv/plumridge/log/puma.stdout.log", "/srv/plumridge/log/puma.stdout.log", true
environment "production"
