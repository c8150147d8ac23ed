# Larder: a grocery catalog app (web on puma, jobs on a Sidekiq stand-in). Shared helpers.
require "logger"
require "json"
require "time"

module Larder
  ROOT = File.expand_path("..", __dir__)
  LOG_DIR = ENV.fetch("LARDER_LOG_DIR", File.join(ROOT, "log"))

  def self.rss_kb
    File.foreach("/proc/self/status") { |l| return l.split[1].to_i if l.start_with?("VmRSS:") }
    0
  end

  # config/initializers/gc_stats.rb in the real app: one JSON line per second per process, shipped to the
  # metrics pipeline as {"time":…,"pid":…,"gc_stat":{…}}
  def self.start_gc_sampler(interval = 1.0)
    path = File.join(LOG_DIR, "gc_stat.#{Process.pid}.jsonl")
    Thread.new do
      File.open(path, "a") do |f|
        f.sync = true
        loop do
          f.puts({ time: Time.now.utc.iso8601(3), pid: Process.pid, gc_stat: GC.stat }.to_json)
          sleep interval
        end
      end
    end
  end

  # config/initializers/heap_dump.rb: `kill -URG <pid>` writes ObjectSpace.dump_all to tmp/ (HEAP_DUMP=1);
  # ALLOC_TRACE=1 turns on allocation tracing from boot.
  def self.install_heap_dump_hook
    return unless ENV["HEAP_DUMP"] == "1"
    require "objspace"
    ObjectSpace.trace_object_allocations_start if ENV["ALLOC_TRACE"] == "1"
    wanted = 0
    trap("URG") { wanted += 1 }
    Thread.new do
      done = 0
      loop do
        sleep 0.2
        next if wanted <= done
        done += 1
        GC.start(full_mark: true, immediate_sweep: true)
        path = File.join(ROOT, "tmp", "heap-#{Process.pid}-#{Time.now.to_i}.json")
        File.open(path, "w") { |io| ObjectSpace.dump_all(output: io) }
      end
    end
  end
end
