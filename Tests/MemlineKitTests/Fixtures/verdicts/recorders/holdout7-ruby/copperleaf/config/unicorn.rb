# /srv/copperleaf/config/unicorn.rb on cl-web-1 (Debian's unicorn 6.0): two workers, preload_app
worker_processes 2
working_directory "/srv/copperleaf"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 64
timeout 30
pid "/srv/copperleaf/tmp/pids/unicorn.pid"
stderr_path "/srv/copperleaf/log/unicorn.stderr.log"
stdout_path "/srv/copperleaf/log/unicorn.stdout.log"
preload_app true

after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  Copperleaf.after_fork
end
