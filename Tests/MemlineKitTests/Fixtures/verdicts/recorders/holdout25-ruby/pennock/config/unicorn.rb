# /srv/pennock/config/unicorn.rb on pn-web-1 (unicorn 6, 2 workers, no preload; deploys re-exec with USR2 and QUIT
# the old master once the new one is up).
worker_processes 2
working_directory "/srv/pennock"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 256
timeout 30
pid "/srv/pennock/tmp/pids/unicorn.pid"
stderr_path "/srv/pennock/log/unicorn.stderr.log"
stdout_path "/srv/pennock/log/unicorn.stdout.log"
preload_app false
