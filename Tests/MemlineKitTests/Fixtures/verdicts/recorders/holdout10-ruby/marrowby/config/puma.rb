# /srv/marrowby/config/puma.rb on mb-api-2 (Debian's puma 5.6): single mode (no workers), 4 threads
directory "/srv/marrowby"
rackup "/srv/marrowby/config.ru"
threads 4, 4
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "marrowby"
pidfile "/srv/marrowby/tmp/pids/puma.pid"
stdout_redirect "/srv/marrowby/log/puma.stdout.log", "/srv/marrowby/log/puma.stderr.log", true
