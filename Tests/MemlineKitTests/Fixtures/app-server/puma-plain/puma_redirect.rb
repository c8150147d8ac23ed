workers 2
worker_timeout 6
worker_check_interval 1
bind 'tcp://127.0.0.1:18284'
pidfile 'puma_redirect.pid'
stdout_redirect 'puma_redirect_stdout.log', 'puma_redirect_stderr.log', true
