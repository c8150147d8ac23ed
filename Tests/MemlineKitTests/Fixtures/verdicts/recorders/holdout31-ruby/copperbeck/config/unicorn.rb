# /srv/copperbeck/config/unicorn.rb on ck-app-2 (unicorn 6.0, nginx in front).
worker_processes 2
working_directory "/srv/copperbeck"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 128
timeout 12
preload_app true
pid "/srv/copperbeck/tmp/pids/unicorn.pid"
stderr_path "/srv/copperbeck/log/unicorn.stderr.log"
stdout_path "/srv/copperbeck/log/unicorn.stdout.log"

after_fork do |_server, _worker|
  Copperbeck.reopen_logs
  # CK-781: heap dumps on demand (kill -URG <worker pid>), objects since this worker forked, with allocation sites.
  require "objspace"
  ObjectSpace.trace_object_allocations_start
  gen = GC.count
  trap(:URG) do
    Thread.new do
      GC.start
      File.open("/srv/copperbeck/tmp/heap-#{Process.pid}.json", "w") { |f| ObjectSpace.dump_all(output: f, since: gen) }
    end
  end
end
