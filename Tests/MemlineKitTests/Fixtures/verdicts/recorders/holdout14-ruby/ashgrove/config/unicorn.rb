# /srv/ashgrove/config/unicorn.rb on ag-web-3 (unicorn 6.0): 3 workers, preload_app. Each worker appends GC.stat to
# log/gc.jsonl every 4 s in the team's envelope {"at": Unix ms, "pid", "gc": {...}} (AG-61), and dumps its heap
# (ObjectSpace.dump_all, no allocation tracing) to log/heap-PID-UNIXTIME.json after a request once
# `echo PID > tmp/heapdump.request` (AG-63).
worker_processes 3
working_directory "/srv/ashgrove"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 30
preload_app true
pid "/srv/ashgrove/tmp/pids/unicorn.pid"
stderr_path "/srv/ashgrove/log/unicorn.stderr.log"
stdout_path "/srv/ashgrove/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  Ashgrove.start_gc_log
end
