# Harborline (customs brokerage) job-side code. bin/sidekiq is a Sidekiq 7.2 stand-in: there is no Redis on this
# box, so it enqueues what sidekiq-cron and the web app would.
require "json"
require "logger"
require "securerandom"
require "time"
require "objspace"

module Harborline
  ROOT = File.expand_path("..", __dir__)
  LOG_DIR = File.join(ROOT, "log")

  # config/initializers/gc_stats.rb: GC.stat through a Logger (progname gc_stats) every second
  def self.start_gc_logger
    logger = Logger.new(File.join(LOG_DIR, "gc_stats.log"))
    logger.progname = "gc_stats"
    Thread.new do
      loop do
        logger.info(GC.stat.inspect)
        sleep 1
      end
    end
  end

  # config/initializers/heap_dumper.rb: HEAP_TRACE=1 traces allocations from boot; SIGUSR1 asks for a full
  # ObjectSpace.dump_all (after a full GC) to log/sidekiq-<pid>-heap-<n>.json
  def self.install_heap_dumper
    return unless ENV["HEAP_TRACE"] == "1"
    ObjectSpace.trace_object_allocations_start
    wanted = 0
    trap("USR1") { wanted += 1 }
    Thread.new do
      done = 0
      loop do
        sleep 0.1
        next unless wanted > done
        done += 1
        GC.start(full_mark: true, immediate_sweep: true)
        File.open(File.join(LOG_DIR, "sidekiq-#{Process.pid}-heap-#{done}.json"), "w") { |io| ObjectSpace.dump_all(output: io) }
      end
    end
  end
end

require "harborline/tariff_cache"
require "harborline/audit_trail"
