# unicorn config of cartwheel on web-3 (Capistrano layout: /srv/cartwheel/{current,releases,shared})
shared = ENV.fetch("CARTWHEEL_SHARED")
worker_processes 3
working_directory ENV.fetch("CARTWHEEL_CURRENT")
listen ENV.fetch("LISTEN"), backlog: 128
timeout 30
pid "#{shared}/tmp/pids/unicorn.pid"
stderr_path "#{shared}/log/unicorn.stderr.log"
stdout_path "#{shared}/log/unicorn.stdout.log"
preload_app true

after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
end

before_fork do |server, worker|
  if worker.nr.zero?
    server.logger.info("cartwheel #{Cartwheel::VERSION} (#{Cartwheel::REVISION}) loaded from #{Dir.pwd}")
  end
  # zero-downtime USR2: the new master QUITs the old one once it forks its first worker
  old_pid = "#{server.config[:pid]}.oldbin"
  if File.exist?(old_pid) && server.pid != old_pid
    begin
      Process.kill(:QUIT, File.read(old_pid).to_i)
    rescue Errno::ENOENT, Errno::ESRCH
    end
  end
end

before_exec do |server|
  server.logger.info("USR2: re-executing from #{File.realpath(ENV.fetch("CARTWHEEL_CURRENT"))}")
end
