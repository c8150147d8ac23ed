# /srv/thistlecombe/config/unicorn.rb on tc-app-2 (unicorn 6.0): 3 workers, no preload_app. The systemd unit caps the
# service's memory (MemoryMax, the whole cgroup: master and workers); the kernel's OOM killer picks the biggest process.
worker_processes 3
working_directory "/srv/thistlecombe"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 45
preload_app false
pid "/srv/thistlecombe/tmp/pids/unicorn.pid"
stderr_path "/srv/thistlecombe/log/unicorn.stderr.log"
stdout_path "/srv/thistlecombe/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("spawned worker=#{worker.nr} pid=#{$$}")
end
