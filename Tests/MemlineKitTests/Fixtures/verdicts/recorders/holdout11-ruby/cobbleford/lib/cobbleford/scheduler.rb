# config/initializers/scheduler.rb: a small in-process scheduler (rufus-scheduler style) that enqueues ActiveJob jobs on
# the :async adapter of the worker it runs in, and logs them as ActiveJob does. Also the heap dump hook (CF-90):
# `echo PID > tmp/heapdump.request` makes the scheduler's worker write log/heapdump-N.json (full GC first).
require "securerandom"
require "objspace"

module Cobbleford
  module Scheduler
    def self.start
      log = Cobbleford.app.logger
      every = { SiteDigestJob => 2.6, PlotInspectionReminderJob => 4.5 }
      every.each do |klass, gap|
        Thread.new do
          rng = Random.new(klass.name.sum)
          loop do
            sleep(gap * (0.8 + rng.rand * 0.4))
            run(log, klass, rng.rand(1..5))
          end
        end
      end
      Thread.new do
        n = 0
        req = File.join(ROOT, "tmp/heapdump.request")
        loop do
          if File.exist?(req) && File.read(req).strip == Process.pid.to_s
            File.delete(req)
            n += 1
            GC.start(full_mark: true, immediate_sweep: true)
            path = File.join(ROOT, "log", "heapdump-#{n}.json")
            File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
            File.rename(path + ".tmp", path)
          end
          sleep 0.25
        end
      end
    end

    def self.run(log, klass, arg)
      jid = SecureRandom.uuid
      log.info("[ActiveJob] Enqueued #{klass.name} (Job ID: #{jid}) to Async(default) with arguments: #{arg}")
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      log.info("[ActiveJob] [#{klass.name}] [#{jid}] Performing #{klass.name} (Job ID: #{jid}) from Async(default) enqueued at #{Time.now.utc.iso8601} with arguments: #{arg}")
      klass.new.perform(arg)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      log.info(format("[ActiveJob] [%s] [%s] Performed %s (Job ID: %s) from Async(default) in %.2fms", klass.name, jid, klass.name, jid, ms))
    end
  end
end
