# /app/config/puma.rb of quenby-library (puma 5.6.5 single mode on one web dyno, 5 threads); logs go to stdout.
directory "/srv/quenby"
rackup "config.ru"
environment "production"
threads 5, 5
port ENV.fetch("PORT")
pidfile "/srv/quenby/tmp/pids/puma.pid"
