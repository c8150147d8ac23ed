# /srv/kettlesing/config/unicorn.rb on ks-web-1 (unicorn 6.0, 3 workers). preload_app false: a deploy HUPs the master
# and the workers load the new release.
worker_processes 3
working_directory "/srv/kettlesing"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 256
timeout 45
preload_app false
pid "/srv/kettlesing/tmp/pids/unicorn.pid"
stderr_path "/srv/kettlesing/log/unicorn.stderr.log"
stdout_path "/srv/kettlesing/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.logger.info("worker=#{worker.nr} spawned pid=#{$$}")
end
