require 'logger'
workers 2
worker_timeout 6
worker_check_interval 1
bind 'tcp://127.0.0.1:18282'
pidfile '/tmp/folders-rec/puma/puma.pid'
stdout_redirect '/tmp/folders-rec/puma/puma.log', '/tmp/folders-rec/puma/puma.log', true
formatter = Logger::Formatter.new
log_formatter { |str| formatter.call('INFO', Time.now, nil, str).chomp }
