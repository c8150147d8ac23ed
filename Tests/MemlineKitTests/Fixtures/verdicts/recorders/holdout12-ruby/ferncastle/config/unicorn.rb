# /srv/ferncastle/config/unicorn.rb on fc-web-3 (unicorn 6.0): 3 workers, preload_app. FC-88: haproxy in front balances
# by source IP over one backend port per worker (BACKEND_PORT_BASE + worker.nr), so a client keeps its worker.
worker_processes 3
working_directory "/srv/ferncastle"
listen "127.0.0.1:#{Integer(ENV.fetch("BACKEND_PORT_BASE")) + 3}" # the old shared port, kept for the health probe of the box
timeout 60
preload_app true
pid "/srv/ferncastle/tmp/pids/unicorn.pid"
stderr_path "/srv/ferncastle/log/unicorn.stderr.log"
stdout_path "/srv/ferncastle/log/unicorn.stdout.log"
after_fork do |server, worker|
  server.listen("127.0.0.1:#{Integer(ENV.fetch("BACKEND_PORT_BASE")) + worker.nr}", tries: 10, delay: 0.5)
end
