# /srv/brackenholt/current/config/unicorn.rb on bh-web-2 (unicorn 6.0): 2 workers, preload_app, zero-downtime deploys by
# USR2 (new master from the new release, the old one QUIT from before_fork), the usual Capistrano recipe.
worker_processes 2
working_directory "/srv/brackenholt/current"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 64
timeout 30
preload_app true
pid "/srv/brackenholt/shared/tmp/pids/unicorn.pid"
stderr_path "/srv/brackenholt/shared/log/unicorn.stderr.log"
stdout_path "/srv/brackenholt/shared/log/unicorn.stdout.log"
before_exec { |_server| ENV["BUNDLE_GEMFILE"] = "/srv/brackenholt/current/Gemfile" }
before_fork do |server, _worker|
  old_pid = "#{server.config[:pid]}.oldbin"
  if File.exist?(old_pid) && server.pid != old_pid
    begin
      Process.kill(:QUIT, File.read(old_pid).to_i)
    rescue Errno::ENOENT, Errno::ESRCH
    end
  end
end
