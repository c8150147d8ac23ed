# /srv/quarrymoor/config/unicorn.rb on qm-app-1 (unicorn 6.0) behind nginx: 3 workers, preload_app true.
worker_processes 3
working_directory "/srv/quarrymoor"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 60
preload_app true
pid "/srv/quarrymoor/tmp/pids/unicorn.pid"
stderr_path "/srv/quarrymoor/log/unicorn.stderr.log"
stdout_path "/srv/quarrymoor/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
end
