# /srv/marshgate/config/unicorn.rb on mg-web-1 (unicorn 6.0): 3 workers, preload_app. Workers are recycled by
# unicorn-worker-killer's Oom check (config.ru); each worker logs GC.stat through a Logger every 5 s (MG-58).
worker_processes 3
working_directory "/srv/marshgate"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 45
preload_app true
pid "/srv/marshgate/tmp/pids/unicorn.pid"
stderr_path "/srv/marshgate/log/unicorn.stderr.log"
stdout_path "/srv/marshgate/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  Marshgate.start_gc_log
end
