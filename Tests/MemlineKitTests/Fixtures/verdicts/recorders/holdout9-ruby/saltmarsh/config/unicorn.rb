# /srv/saltmarsh/config/unicorn.rb on sm-web-2 (unicorn 6.0): 2 workers, preload_app, unicorn-worker-killer in config.ru
worker_processes 2
working_directory "/srv/saltmarsh"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 60
preload_app true
pid "/srv/saltmarsh/tmp/pids/unicorn.pid"
stderr_path "/srv/saltmarsh/log/unicorn.stderr.log"
stdout_path "/srv/saltmarsh/log/unicorn.stdout.log"

after_fork do |_server, worker|
  Saltmarsh.after_fork(worker.nr)
end
