# /srv/scarrowby/config/unicorn.rb on sv-app-1 (unicorn 6.0, 2 workers, no preload_app, 10 s timeout: SV-22 wanted
# slow report requests cut off instead of holding a worker).
worker_processes 2
working_directory "/srv/scarrowby"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 64
timeout 10
pid "/srv/scarrowby/tmp/pids/unicorn.pid"
stderr_path "/srv/scarrowby/log/unicorn.stderr.log"
stdout_path "/srv/scarrowby/log/unicorn.stdout.log"
preload_app false

after_fork do |_server, worker|
  require "objspace"
  ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"
  # SV-90: `touch tmp/heapdump-N` writes worker N's heap to tmp/heap-PID.json
  Thread.new do
    loop do
      flag = "/srv/scarrowby/tmp/heapdump-#{worker.nr}"
      if File.exist?(flag)
        File.delete(flag)
        GC.start
        path = "/srv/scarrowby/tmp/heap-#{Process.pid}.json"
        File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
        File.rename(path + ".part", path)
      end
      sleep 0.5
    end
  end
end
