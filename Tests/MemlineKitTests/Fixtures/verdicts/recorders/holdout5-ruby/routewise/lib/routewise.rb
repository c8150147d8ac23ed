# Routewise (last-mile delivery routing) job-side code. The job process (bin/sidekiq) is a Sidekiq 6.5 stand-in:
# there is no Redis on this box, so bin/sidekiq enqueues what sidekiq-cron and the web app would.
require "json"
require "logger"
require "securerandom"
require "time"
require "objspace"

module Routewise
  ROOT = File.expand_path("..", __dir__)
  LOG_DIR = File.join(ROOT, "log")

  # GC.stat once a second, one JSON object per line: {"time":…,"pid":…,"stat":{…}} (config/initializers/gc_stats.rb)
  def self.start_gc_sampler
    io = File.open(File.join(LOG_DIR, "gc_stat.jsonl"), "a")
    io.sync = true
    Thread.new do
      loop do
        io.write(JSON.generate({ "time" => Time.now.utc.iso8601(3), "pid" => Process.pid, "stat" => GC.stat }) + "\n")
        sleep 1
      end
    end
  end

  # ALLOC_TRACE=1: trace allocations from boot; SIGPWR writes ObjectSpace.dump_all to log/heap-<pid>-<n>.json
  def self.install_heap_dump_hook
    return unless ENV["ALLOC_TRACE"] == "1"
    ObjectSpace.trace_object_allocations_start
    wanted = 0
    trap("PWR") { wanted += 1 }
    Thread.new do
      done = 0
      loop do
        sleep 0.1
        next unless wanted > done
        done += 1
        GC.start(full_mark: true, immediate_sweep: true)
        File.open(File.join(LOG_DIR, "heap-#{Process.pid}-#{done}.json"), "w") { |io| ObjectSpace.dump_all(output: io) }
      end
    end
  end
end

require "routewise/geo"
