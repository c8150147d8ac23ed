# /srv/gorsebrook/config/unicorn.rb on gb-web-2 (unicorn 6.0): 3 workers, no preload_app (a HUP reloads the app: deploys
# are `cap deploy` + `kill -HUP`). Each worker says when it is spawned.
worker_processes 3
working_directory "/srv/gorsebrook"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 45
preload_app false
pid "/srv/gorsebrook/tmp/pids/unicorn.pid"
stderr_path "/srv/gorsebrook/log/unicorn.stderr.log"
stdout_path "/srv/gorsebrook/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
end
