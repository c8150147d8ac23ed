# /srv/brindlecombe/config/unicorn.rb on bc-web-1 (unicorn 6.0): 4 workers, preload_app. Each worker appends GC.stat to
# log/gc_stat.log every 3 s as a Logger line around the team's envelope {"time","pid","worker","gc_stat"} (BC-52).
# BC-71: the out-of-band GC experiment on slot 3: GC is off in that worker during requests and Brindlecombe::OobGC
# was to run GC.start between requests. (The `use Brindlecombe::OobGC` line went missing from config.ru in BC-74's merge.)
worker_processes 4
working_directory "/srv/brindlecombe"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 30
preload_app true
pid "/srv/brindlecombe/tmp/pids/unicorn.pid"
stderr_path "/srv/brindlecombe/log/unicorn.stderr.log"
stdout_path "/srv/brindlecombe/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  GC.disable if worker.nr == 3
  Brindlecombe.start_gc_log(worker.nr)
end
