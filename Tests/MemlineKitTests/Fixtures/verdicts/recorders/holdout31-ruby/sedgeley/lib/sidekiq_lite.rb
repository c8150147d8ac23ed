# Sidekiq 7-shaped runner: JSON log lines as Sidekiq::Logger::Formatters::JSON writes them, job start/done with
# class, jid and elapsed in ctx, processor threads pulling from weighted queues, a cron-like poller.
require "json"
require "securerandom"
require "time"
require "objspace"

module SidekiqLite
  VERSION = "7.2.4"
  LOG = File.open(ENV.fetch("SIDEKIQ_LOG", "/srv/sedgeley/log/sidekiq.log"), "a").tap { |f| f.sync = true }
  M = Mutex.new

  def self.tid = (Thread.current.object_id ^ ::Process.pid).to_s(36)

  def self.log(lvl, msg, ctx = nil)
    h = { ts: Time.now.utc.iso8601(3), pid: ::Process.pid, tid: tid, lvl: lvl, msg: msg }
    h["ctx"] = ctx if ctx && !ctx.empty?
    line = JSON.generate(h) << "\n"
    M.synchronize { LOG.write(line) }
  end

  def self.run(concurrency:, schedule:)
    if ENV["HEAP_TRACE"] == "1"
      ObjectSpace.trace_object_allocations_start
    end
    boot_gen = GC.count
    log("INFO", "Booting Sidekiq #{VERSION} with Sidekiq::RedisConnection::RedisClientAdapter options {:url=>\"redis://redis-jobs.so.internal:6379/3\"}")
    log("INFO", "Running in #{RUBY_DESCRIPTION}")
    log("INFO", "See LICENSE and the LGPL-3.0 for licensing details.")
    log("INFO", "Upgrade to Sidekiq Pro for more features and support: https://sidekiq.org")
    log("INFO", "Sidekiq #{VERSION} connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://redis-jobs.so.internal:6379/3\"}")
    log("INFO", "Starting processing, hit Ctrl-C to stop")
    File.write("/srv/sedgeley/tmp/pids/sidekiq.pid", "#{::Process.pid}\n")
    q = Queue.new
    stop = false
    %w[TERM INT].each { |s| trap(s) { stop = true } }
    cron = schedule.map do |(klass, queue, every, first)|
      Thread.new do
        t = Process.clock_gettime(Process::CLOCK_MONOTONIC) + first
        until stop
          d = t - Process.clock_gettime(Process::CLOCK_MONOTONIC)
          sleep d if d > 0
          q << [klass, queue, SecureRandom.hex(12)]
          t += every
        end
      end
    end
    # ops hook (SO-311): touch tmp/heapdump.request to get tmp/heap.json (objects since boot, after a full GC)
    Thread.new do
      until stop
        if File.exist?("/srv/sedgeley/tmp/heapdump.request")
          File.delete("/srv/sedgeley/tmp/heapdump.request")
          GC.start
          File.open("/srv/sedgeley/tmp/heap.json", "w") { |f| ObjectSpace.dump_all(output: f, since: boot_gen) }
          log("INFO", "heap dump written to tmp/heap.json")
        end
        sleep 0.5
      end
    end
    procs = Array.new(concurrency) do
      Thread.new do
        loop do
          klass, queue, jid = q.pop
          break if klass == :stop
          ctx = { "class" => klass.name, "jid" => jid }
          log("INFO", "start", ctx)
          t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
          begin
            klass.new.perform
            log("INFO", "done", ctx.merge("elapsed" => (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)))
          rescue StandardError => e
            log("INFO", "fail", ctx.merge("elapsed" => (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)))
            log("WARN", "#{e.class}: #{e.message}", ctx.merge("queue" => queue))
          end
        end
      end
    end
    sleep 0.2 until stop
    log("INFO", "Shutting down")
    q.clear
    concurrency.times { q << [:stop] }
    log("INFO", "Terminating quiet threads for default capsule")
    procs.each { |t| t.join(5) }
    log("INFO", "Bye!")
  end
end
