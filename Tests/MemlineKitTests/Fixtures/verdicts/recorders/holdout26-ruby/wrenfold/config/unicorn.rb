# /srv/wrenfold/config/unicorn.rb on wf-app-1 (unicorn 6, 2 workers, no preload).
worker_processes 2
working_directory "/srv/wrenfold"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 256
timeout 30
pid "/srv/wrenfold/tmp/pids/unicorn.pid"
stderr_path "/srv/wrenfold/log/unicorn.stderr.log"
stdout_path "/srv/wrenfold/log/unicorn.stdout.log"
preload_app false

after_fork do |_server, worker|
  require "objspace"
  ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"
  # WF-61: `touch tmp/heapdump-N` writes worker N's heap to tmp/heap.json (overwritten each time).
  Thread.new do
    flag = "/srv/wrenfold/tmp/heapdump-#{worker.nr}"
    loop do
      if File.exist?(flag)
        File.delete(flag)
        GC.start
        File.open("/srv/wrenfold/tmp/heap.json.part", "w") { |io| ObjectSpace.dump_all(output: io) }
        File.rename("/srv/wrenfold/tmp/heap.json.part", "/srv/wrenfold/tmp/heap.json")
      end
      sleep 0.5
    end
  end
end
