# /srv/tallybook/shared/puma.rb on tb-web-2 (Debian's puma 5.6, cluster mode, no preload_app so that a phased
# restart (SIGUSR1, `pumactl phased-restart`) boots each new worker from the release `current` points at).
directory "/srv/tallybook/current"
rackup "/srv/tallybook/current/config.ru"
workers 3
threads 3, 3
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "tallybook"
pidfile "/srv/tallybook/shared/tmp/pids/puma.pid"
state_path "/srv/tallybook/shared/tmp/pids/puma.state"
stdout_redirect "/srv/tallybook/shared/log/puma.log", "/srv/tallybook/shared/log/puma.log", true
worker_timeout 60
