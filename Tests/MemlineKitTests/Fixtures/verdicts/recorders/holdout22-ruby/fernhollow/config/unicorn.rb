# /srv/fernhollow/config/unicorn.rb on fh-web-2 (unicorn 6.0), 3 workers, preload_app true.
worker_processes 3
working_directory "/srv/fernhollow"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 256
timeout 45
preload_app true
pid "/srv/fernhollow/tmp/pids/unicorn.pid"
stderr_path "/srv/fernhollow/log/unicorn.stderr.log"
stdout_path "/srv/fernhollow/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
end
