require "time"
require "securerandom"
require "objspace"
require "thornbury/bcms_client"
require "thornbury/passport_check_job"
require "thornbury/bid_increment_sync_job"
require "thornbury/sale_catalogue_export_job"

module Thornbury
  ROOT = "/srv/thornbury"

  class Runner
    def initialize(concurrency:, max_rss_mb:, run_seconds:)
      @concurrency, @max_rss, @run_seconds = concurrency, max_rss_mb, run_seconds
      @queue = Queue.new
      @busy = 0
      @lock = Mutex.new
      @out = $stdout
      @out.sync = true
      @quiet = false
      @identity = "tb-jobs-1:#{Process.pid}:#{SecureRandom.hex(6)}"
    end

    def log(sev, msg, ctx = "")
      line = "#{Time.now.utc.iso8601(3)} pid=#{Process.pid} tid=#{(Thread.current.object_id ^ Process.pid).to_s(36)}#{ctx} #{sev}: #{msg}\n"
      @lock.synchronize { @out.write(line) }
    end

    def title
      $0 = "sidekiq 6.5.8 thornbury [#{@busy} of #{@concurrency} busy]#{@quiet ? " stopping" : ""}"
    end

    def run
      ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"
      File.write("#{ROOT}/tmp/pids/sidekiq.pid", Process.pid.to_s)
      title
      log "INFO", "Booted Rails 7.0.8 application in production environment"
      log "INFO", "Running in #{RUBY_DESCRIPTION}"
      log "INFO", "See LICENSE and the LGPL-3.0 for licensing details."
      log "INFO", "Upgrade to Sidekiq Pro for more features and support: https://sidekiq.org"
      log "INFO", "Booting Sidekiq 6.5.8 with Sidekiq::RedisConnection::RedisAdapter options {:url=>\"redis://10.20.0.14:6379/3\"}"
      log "INFO", "Starting processing, hit Ctrl-C to stop"
      @stop = false
      Signal.trap("TERM") { @stop = true }
      workers = Array.new(@concurrency) { Thread.new { work } }
      sched = Thread.new { schedule }
      dumper = Thread.new { heap_dumps }
      deadline = Time.now + @run_seconds
      sleep 0.2 until @stop || Time.now > deadline
      shutdown(workers, sched, dumper)
    end

    def shutdown(workers, sched, dumper)
      log "INFO", "Shutting down"
      @quiet = true
      title
      log "INFO", "Terminating quiet threads"
      sched.kill
      log "INFO", "Scheduler exiting..."
      log "INFO", "Pausing to allow jobs to finish..."
      @concurrency.times { @queue << :stop }
      workers.each { |t| t.join(8) }
      dumper.kill
      log "INFO", "Bye!"
      exit 0
    end

    def schedule
      rng = Random.new
      t0 = Time.now
      next_export = t0 + 7 + rng.rand * 3
      loop do
        now = Time.now
        @queue << PassportCheckJob if rng.rand < 0.55
        @queue << BidIncrementSyncJob if rng.rand < 0.22
        if now >= next_export
          @queue << SaleCatalogueExportJob
          next_export = now + 17 + rng.rand * 6
        end
        sleep 0.1
      end
    end

    def work
      while (klass = @queue.pop) != :stop
        jid = SecureRandom.hex(12)
        ctx = " class=#{klass.name} jid=#{jid}"
        @lock.synchronize { @busy += 1 }
        title
        log "INFO", "start", ctx
        t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        klass.new.perform(*klass.sample_args)
        el = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t
        log "INFO", "done", "#{ctx} elapsed=#{format("%.3f", el)}"
        @lock.synchronize { @busy -= 1 }
        title
        worker_killer
      end
    end

    # sidekiq-worker-killer's middleware, run after each job
    def worker_killer
      return if @quiet || @killing
      rss = File.read("/proc/self/status")[/VmRSS:\s+(\d+)/, 1].to_i / 1024
      return if rss <= @max_rss
      @killing = true
      log "WARN", "[Sidekiq::WorkerKiller] current RSS #{rss} of #{@identity} exceeds maximum RSS #{@max_rss}"
      log "WARN", "[Sidekiq::WorkerKiller] sending quiet to #{@identity}"
      @quiet = true
      title
      Thread.new do
        log "WARN", "[Sidekiq::WorkerKiller] shutting down #{@identity} in 3 seconds"
        sleep 3
        log "WARN", "[Sidekiq::WorkerKiller] sending SIGTERM to #{@identity}"
        Process.kill("TERM", Process.pid)
      end
    end

    # TB-140: `touch tmp/heapdump` writes tmp/sidekiq-heap-PID-HHMMSS.json
    def heap_dumps
      loop do
        if File.exist?("#{ROOT}/tmp/heapdump")
          File.delete("#{ROOT}/tmp/heapdump")
          GC.start
          path = "#{ROOT}/tmp/sidekiq-heap-#{Process.pid}-#{Time.now.utc.strftime("%H%M%S")}.json"
          File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
          File.rename(path + ".part", path)
        end
        sleep 0.5
      end
    end
  end
end
