# /srv/saltcote/config/unicorn.rb on sl-app-1 (unicorn 6.0, 2 workers, no preload_app).
worker_processes 2
working_directory "/srv/saltcote"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 64
timeout 30
pid "/srv/saltcote/tmp/pids/unicorn.pid"
stderr_path "/srv/saltcote/log/unicorn.stderr.log"
stdout_path "/srv/saltcote/log/unicorn.stdout.log"
preload_app false
