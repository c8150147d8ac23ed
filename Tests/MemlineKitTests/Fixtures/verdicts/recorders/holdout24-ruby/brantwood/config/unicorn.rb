# /srv/brantwood/config/unicorn.rb on bw-app-1 (unicorn 6.0, 3 workers, preload_app false). HEAP_TRACE=1 in the
# unit's environment since BW-77 (allocation sites in heap dumps).
worker_processes 3
working_directory "/srv/brantwood"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 256
timeout 25
preload_app false
pid "/srv/brantwood/tmp/pids/unicorn.pid"
stderr_path "/srv/brantwood/log/unicorn.stderr.log"
stdout_path "/srv/brantwood/log/unicorn.stdout.log"
after_fork do |server, worker|
  ENV["BRANTWOOD_WORKER"] = worker.nr.to_s
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
end
