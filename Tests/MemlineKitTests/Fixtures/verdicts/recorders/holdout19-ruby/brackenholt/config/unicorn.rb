# /srv/brackenholt/config/unicorn.rb on bh-web-1 (unicorn 6.0): 4 workers, preload_app. Worker 3 also listens on a port
# of its own (POLL_PORT): nginx sends the dispatch board's long polls (location /events/poll) there only, so the other
# three workers never hold a poll. Deploys are `cap deploy` + `kill -HUP` (app reloaded, workers replaced).
worker_processes 4
working_directory "/srv/brackenholt"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 30
preload_app true
pid "/srv/brackenholt/tmp/pids/unicorn.pid"
stderr_path "/srv/brackenholt/log/unicorn.stderr.log"
stdout_path "/srv/brackenholt/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
  server.listen("127.0.0.1:#{ENV.fetch("POLL_PORT")}", tries: -1, delay: 2) if worker.nr == 3
end
