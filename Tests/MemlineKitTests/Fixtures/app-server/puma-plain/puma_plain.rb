workers 2
worker_timeout 6
worker_check_interval 1
bind 'tcp://127.0.0.1:18283'
pidfile 'puma.pid'
