# /srv/parcelhop/config/unicorn.rb on ph-web-2 (unicorn 6.0): two workers, preload_app
worker_processes 2
working_directory "/srv/parcelhop"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 64
timeout 45
pid "/srv/parcelhop/tmp/pids/unicorn.pid"
stderr_path "/srv/parcelhop/log/unicorn.stderr.log"
stdout_path "/srv/parcelhop/log/unicorn.stdout.log"
preload_app true

after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  Parcelhop.after_fork(worker.nr)
end
