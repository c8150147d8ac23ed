# /srv/lowick/current/config/puma.rb on lw-web-2 (puma 5.6.5 cluster, 3 workers x 3 threads, no preload_app!, so a
# deploy's phased restart (SIGUSR1) boots every worker again from the new release).
directory "/srv/lowick/current"
rackup "config.ru"
environment "production"
workers 3
threads 3, 3
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/lowick/shared/tmp/pids/puma.pid"
state_path "/srv/lowick/shared/tmp/pids/puma.state"
stdout_redirect "/srv/lowick/shared/log/puma.stdout.log", "/srv/lowick/shared/log/puma.stderr.log", true
worker_timeout 60

on_worker_boot do |index|
  ENV["LOWICK_WORKER"] = index.to_s
  # LW-233 allocation canary (left from the November latency hunt): one worker slot runs with the collector off so
  # the sampler counts every allocation. Meant to be reverted after the hunt.
  GC.disable if index == 1
end
