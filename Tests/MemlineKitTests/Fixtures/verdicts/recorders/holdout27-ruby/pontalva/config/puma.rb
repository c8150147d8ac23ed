# /srv/pontalva/config/puma.rb on pm-web-1 (puma 5.6.5 cluster, 3 workers x 2 threads, no preload_app!).
directory "/srv/pontalva"
rackup "config.ru"
environment "production"
tag "pontalva"
workers 3
threads 2, 2
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/pontalva/tmp/pids/puma.pid"
stdout_redirect "/srv/pontalva/log/puma.stdout.log", "/srv/pontalva/log/puma.stderr.log", true
worker_timeout 60

on_worker_boot do |index|
  require "json"
  require "time"
  require "pontalva/tide_poller"
  # PM-77: the tide gauge poller runs in one worker only, so the gauge isn't polled three times over.
  Pontalva::TidePoller.start(index) if index.zero?
  # PM-31: each worker appends its GC.stat to log/gc_stat.log every 5 s.
  Thread.new do
    loop do
      sleep 5
      line = { "at" => Time.now.iso8601(3), "app" => "pontalva", "host" => "pm-web-1", "puma_worker" => index,
               "pid" => Process.pid, "gc_stat" => GC.stat }
      File.open("/srv/pontalva/log/gc_stat.log", "a") { |f| f.puts(JSON.generate(line)) }
    end
  end
end
