# /srv/kestrelpost/config/unicorn.rb on kp-web-3 (unicorn 6.0): 3 workers, preload_app, unicorn-worker-killer Oom in config.ru
worker_processes 3
working_directory "/srv/kestrelpost"
listen "127.0.0.1:#{ENV.fetch("PORT")}"
timeout 45
preload_app true
pid "/srv/kestrelpost/tmp/pids/unicorn.pid"
stderr_path "/srv/kestrelpost/log/unicorn.stderr.log"
stdout_path "/srv/kestrelpost/log/unicorn.stdout.log"
