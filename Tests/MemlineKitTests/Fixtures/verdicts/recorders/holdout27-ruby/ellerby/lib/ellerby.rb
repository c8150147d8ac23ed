require "json"
require "time"
require "securerandom"
require "objspace"
require "ellerby/lot_graph"
require "ellerby/jobs"

module Ellerby
  ROOT = "/srv/ellerby"

  class Runner
    def initialize(concurrency:, run_seconds:)
      @concurrency, @run_seconds = concurrency, run_seconds
      @queue = Queue.new
      @busy = 0
      @lock = Mutex.new
      @out = $stdout
      @out.sync = true
      @quiet = false
    end

    # Sidekiq::Logger::Formatters::JSON
    def log(lvl, msg, ctx = nil)
      h = { ts: Time.now.utc.iso8601(3), pid: Process.pid, tid: (Thread.current.object_id ^ Process.pid).to_s(36), lvl: lvl, msg: msg }
      h["ctx"] = ctx if ctx && !ctx.empty?
      line = JSON.generate(h) << "\n"
      @lock.synchronize { @out.write(line) }
    end

    def title
      $0 = "sidekiq 7.2.0 ellerby [#{@busy} of #{@concurrency} busy]#{@quiet ? " stopping" : ""}"
    end

    def run
      ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"
      File.write("#{ROOT}/tmp/pids/sidekiq.pid", Process.pid.to_s)
      title
      log "INFO", "Booted Rails 7.1.2 application in production environment"
      log "INFO", "Running in #{RUBY_DESCRIPTION}"
      log "INFO", "See LICENSE and the LGPL-3.0 for licensing details."
      log "INFO", "Upgrade to Sidekiq Pro for more features and support: https://sidekiq.org"
      log "INFO", "Sidekiq 7.2.0 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://10.40.2.9:6379/0\"}"
      log "INFO", "Sidekiq 7.2.0 connecting to Redis with options {:size=>5, :pool_name=>\"default\", :url=>\"redis://10.40.2.9:6379/0\"}"
      log "INFO", "Starting processing, hit Ctrl-C to stop"
      @stop = false
      Signal.trap("TERM") { @stop = true }
      workers = Array.new(@concurrency) { Thread.new { work } }
      sched = Thread.new { schedule }
      dumper = Thread.new { heap_dumps }
      deadline = Time.now + @run_seconds
      sleep 0.2 until @stop || Time.now > deadline
      log "INFO", "Shutting down"
      @quiet = true
      title
      log "INFO", "Terminating quiet threads for default capsule"
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
      next_recall = t0 + 6 + rng.rand * 3
      manifest_at = t0 + Float(ENV.fetch("MANIFEST_AT", "40"))
      loop do
        now = Time.now
        backlog = @queue.size < 40
        @queue << VatTemperatureJob if backlog && rng.rand < 0.6
        @queue << TankerIntakeJob if backlog && rng.rand < 0.1
        if now >= next_recall
          @queue << RecallTraceJob
          next_recall = now + 17 + rng.rand * 6
        end
        if manifest_at && now >= manifest_at
          @queue << DeliveryManifestJob
          manifest_at = nil
        end
        sleep 0.1
      end
    end

    def work
      while (klass = @queue.pop) != :stop
        ctx = { "class" => klass.name, "jid" => SecureRandom.hex(12) }
        @lock.synchronize { @busy += 1 }
        title
        log "INFO", "start", ctx
        t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        klass.new.perform(*klass.sample_args)
        log "INFO", "done", ctx.merge("elapsed" => (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t).round(3))
        @lock.synchronize { @busy -= 1 }
        title
      end
    end

    # EC-300: `touch tmp/heapdump` writes ObjectSpace.dump_all to tmp/heap.json (overwritten each time)
    def heap_dumps
      loop do
        if File.exist?("#{ROOT}/tmp/heapdump")
          File.delete("#{ROOT}/tmp/heapdump")
          GC.start
          File.open("#{ROOT}/tmp/heap.json.part", "w") { |io| ObjectSpace.dump_all(output: io) }
          File.rename("#{ROOT}/tmp/heap.json.part", "#{ROOT}/tmp/heap.json")
        end
        sleep 0.5
      end
    end
  end
end
