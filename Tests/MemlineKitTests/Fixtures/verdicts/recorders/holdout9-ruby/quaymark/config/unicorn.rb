# /srv/quaymark/config/unicorn.rb on qm-app-1 (unicorn 6.0): 3 workers, preload_app
worker_processes 3
working_directory "/srv/quaymark"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 30
preload_app true
pid "/srv/quaymark/tmp/pids/unicorn.pid"
stderr_path "/srv/quaymark/log/unicorn.stderr.log"
stdout_path "/srv/quaymark/log/unicorn.stdout.log"

after_fork do |_server, worker|
  Quaymark.after_fork(worker.nr)
end
