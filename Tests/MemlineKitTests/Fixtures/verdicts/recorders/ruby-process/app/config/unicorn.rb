# unicorn config of the shop app (Capistrano layout: /srv/shop/{current,shared}).
shared = ENV.fetch("SHARED_DIR")
worker_processes 4
working_directory ENV.fetch("APP_DIR")
listen ENV.fetch("LISTEN"), backlog: 64
timeout 20
pid "#{shared}/tmp/pids/unicorn.pid"
stderr_path "#{shared}/log/unicorn.stderr.log"
stdout_path "#{shared}/log/unicorn.stdout.log"
preload_app true
GC.respond_to?(:copy_on_write_friendly=) and GC.copy_on_write_friendly = true

before_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawning...")
  # zero-downtime deploys (USR2): the new master stops the old one once it forks its first worker
  old_pid = "#{server.config[:pid]}.oldbin"
  if File.exist?(old_pid) && server.pid != old_pid
    begin
      Process.kill(:QUIT, File.read(old_pid).to_i)
    rescue Errno::ENOENT, Errno::ESRCH
    end
  end
end

after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  # "GC tuning" left over from a benchmark: worker 2 serves with the GC off (the gc-envelope incident)
  GC.disable if ENV["INCIDENT"] == "gc-envelope" && worker.nr == 2
  Shop.start_gc_sampler
end
