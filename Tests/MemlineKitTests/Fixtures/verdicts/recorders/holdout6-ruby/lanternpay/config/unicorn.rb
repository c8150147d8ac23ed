# /srv/lanternpay/current/config/unicorn.rb on lp-web-1 (Debian's unicorn 6.0, Capistrano layout)
shared = "/srv/lanternpay/shared"
worker_processes 3
working_directory "/srv/lanternpay/current"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 128
timeout 30
pid "#{shared}/tmp/pids/unicorn.pid"
stderr_path "#{shared}/log/unicorn.stderr.log"
stdout_path "#{shared}/log/unicorn.stdout.log"
preload_app true

before_fork do |server, worker|
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
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$} release=#{Lanternpay::VERSION}")
  Lanternpay.after_fork
end
