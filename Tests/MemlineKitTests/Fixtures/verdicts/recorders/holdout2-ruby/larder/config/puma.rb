# puma config of Larder's web-1 (puma 5.6, cluster mode)
root = File.expand_path("..", __dir__)
directory root
workers 2
threads 3, 3
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
environment "production"
pidfile File.join(root, "tmp/pids/puma.pid")
state_path File.join(root, "tmp/pids/puma.state")
preload_app!
log_formatter { |str| "#{Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%3NZ")} #{str}" }

on_worker_boot do
  require "larder"
  Larder.start_gc_sampler
end

before_fork do
  $LOAD_PATH.unshift File.join(root, "lib")
  require "larder"
  Larder.start_gc_sampler # the master's own sampler (it forks before the thread starts its first sample)
end
