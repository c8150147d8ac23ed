# /srv/hollowmere/config/puma.rb on hm-web-2 (puma 5.6.5 cluster, 2 workers x 3 threads; no preload_app! so
# deploys can phased-restart).
directory "/srv/hollowmere/current"
rackup "config.ru"
environment "production"
tag "hollowmere"
workers 2
threads 3, 3
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/hollowmere/shared/tmp/pids/puma.pid"
stdout_redirect "/srv/hollowmere/shared/log/puma.stdout.log", "/srv/hollowmere/shared/log/puma.stderr.log", true
worker_timeout 60

on_worker_boot do |index|
  require "json"
  require "time"
  # HM-88: GC.stat per worker every 10 s to log/gc.jsonl (shipped to the log host)
  Thread.new do
    loop do
      sleep 10
      line = { "time" => Time.now.utc.iso8601(3), "source" => { "host" => "hm-web-2", "service" => "hollowmere-web",
               "worker_index" => index, "pid" => Process.pid }, "gc" => GC.stat }
      File.open("/srv/hollowmere/shared/log/gc.jsonl", "a") { |f| f.puts(JSON.generate(line)) }
    end
  end
end
