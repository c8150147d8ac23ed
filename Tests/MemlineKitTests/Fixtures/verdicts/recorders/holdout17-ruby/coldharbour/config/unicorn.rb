# /srv/coldharbour/config/unicorn.rb on ch-web-3 (unicorn 6.0): 3 workers, no preload_app (deploys are `cap deploy` +
# `kill -HUP`: the workers are replaced and load the new release). Each worker says when it is spawned.
worker_processes 3
working_directory "/srv/coldharbour"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 30
preload_app false
pid "/srv/coldharbour/tmp/pids/unicorn.pid"
stderr_path "/srv/coldharbour/log/unicorn.stderr.log"
stdout_path "/srv/coldharbour/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
end
