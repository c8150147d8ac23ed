# /srv/marrowfield/config/puma.rb on mf-web-3 (puma 5.6.5 cluster, 3 workers x 2 threads, no preload_app!).
directory "/srv/marrowfield"
rackup "config.ru"
environment "production"
workers 3
threads 2, 2
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/marrowfield/tmp/pids/puma.pid"
stdout_redirect "/srv/marrowfield/log/puma.stdout.log", "/srv/marrowfield/log/puma.stderr.log", true
worker_timeout 60

on_worker_boot do |index|
  ENV["MF_WORKER"] = index.to_s
  require "objspace"
  ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"
  # MF-88: `touch tmp/heapdump-N` dumps worker N's heap to tmp/heap_PID_HHMMSS.json
  Thread.new do
    flag = "/srv/marrowfield/tmp/heapdump-#{index}"
    loop do
      if File.exist?(flag)
        File.delete(flag)
        GC.start
        path = "/srv/marrowfield/tmp/heap_#{Process.pid}_#{Time.now.utc.strftime("%H%M%S")}.json"
        File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
        File.rename(path + ".part", path)
      end
      sleep 0.5
    end
  end
end
