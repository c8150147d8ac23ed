# /srv/brightpantry/config/unicorn.rb on bp-web-4 (unicorn 6.0): 4 workers, preload_app
worker_processes 4
working_directory "/srv/brightpantry"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 30
preload_app true
pid "/srv/brightpantry/tmp/pids/unicorn.pid"
stderr_path "/srv/brightpantry/log/unicorn.stderr.log"
stdout_path "/srv/brightpantry/log/unicorn.stdout.log"

after_fork do |_server, worker|
  Brightpantry.after_fork(worker.nr)
end
