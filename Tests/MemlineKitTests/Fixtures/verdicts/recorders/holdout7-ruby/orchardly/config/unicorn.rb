# /srv/orchardly/config/unicorn.rb on oc-web-2 (Debian's unicorn 6.0): three workers, preload_app
worker_processes 3
working_directory "/srv/orchardly"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 64
timeout 30
pid "/srv/orchardly/tmp/pids/unicorn.pid"
stderr_path "/srv/orchardly/log/unicorn.stderr.log"
stdout_path "/srv/orchardly/log/unicorn.stdout.log"
preload_app true

after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  Orchardly.after_fork
end
