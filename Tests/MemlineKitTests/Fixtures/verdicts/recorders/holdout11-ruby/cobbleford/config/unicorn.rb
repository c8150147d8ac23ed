# /srv/cobbleford/config/unicorn.rb on cf-web-1 (unicorn 6.0): 3 workers, preload_app.
# CF-64: the in-process scheduler (config/initializers/scheduler.rb) runs in worker 0 only, so each job runs once per box.
# CF-71: every worker also listens on its own admin port (ADMIN_PORT_BASE + worker.nr) for the ops exports.
worker_processes 3
working_directory "/srv/cobbleford"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 60
preload_app true
pid "/srv/cobbleford/tmp/pids/unicorn.pid"
stderr_path "/srv/cobbleford/log/unicorn.stderr.log"
stdout_path "/srv/cobbleford/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.listen("127.0.0.1:#{Integer(ENV.fetch("ADMIN_PORT_BASE")) + worker.nr}", tries: 5, delay: 1)
  Cobbleford::Scheduler.start if worker.nr.zero?
end
