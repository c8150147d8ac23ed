# /srv/meterly/config/puma.rb on mt-api-3 (Debian's puma 5.6): cluster mode, preload_app!
directory "/srv/meterly"
rackup "/srv/meterly/config.ru"
workers 3
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
tag "meterly"
pidfile "/srv/meterly/tmp/pids/puma.pid"
stdout_redirect "/srv/meterly/log/puma.stdout.log", "/srv/meterly/log/puma.stderr.log", true
log_formatter { |str| "[#{Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ")}] #{str}" }

on_worker_boot do |index|
  Meterly.after_fork(index)
end
