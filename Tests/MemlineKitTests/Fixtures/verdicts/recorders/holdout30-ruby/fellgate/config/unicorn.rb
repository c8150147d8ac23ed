# /srv/fellgate/current/config/unicorn.rb on fv-app-1 (unicorn 6.0, 3 workers, preload_app).
worker_processes 3
working_directory "/srv/fellgate/current"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 64
timeout 60
preload_app true
pid "/srv/fellgate/shared/tmp/pids/unicorn.pid"
stderr_path "/srv/fellgate/shared/log/unicorn.stderr.log"
stdout_path "/srv/fellgate/shared/log/unicorn.stdout.log"
after_fork do |server, worker|
  Fellgate.after_fork(worker.nr)
end
