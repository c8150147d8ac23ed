# /srv/culverdale/config/puma.rb on cd-web-2 (puma 5.6.5 cluster, 3 workers x 2 threads, no preload_app!).
directory "/srv/culverdale"
rackup "config.ru"
environment "production"
workers 3
threads 2, 2
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/culverdale/tmp/pids/puma.pid"
stdout_redirect "/srv/culverdale/log/puma.stdout.log", "/srv/culverdale/log/puma.stderr.log", true
worker_timeout 60

on_worker_boot do |index|
  require "json"
  require "time"
  # CD-51 (GC pause investigation): GC_PROFILE_WORKER=N runs worker N with the GC off so its allocations can be
  # compared in gc_stat.log. Meant for one afternoon on cd-web-staging.
  if ENV["GC_PROFILE_WORKER"] == index.to_s
    GC.disable
    puts "[CD-51] worker #{index} (pid #{Process.pid}): GC.disable for allocation profiling"
  end
  # CD-40: every worker appends a GC.stat envelope to log/gc_stat.log every 5 s.
  Thread.new do
    loop do
      sleep 5
      env = { "ts" => Time.now.iso8601(3), "host" => "cd-web-2", "pid" => Process.pid, "worker" => index, "gc" => GC.stat }
      File.open("/srv/culverdale/log/gc_stat.log", "a") { |f| f.puts(JSON.generate(env)) }
    end
  end
end
