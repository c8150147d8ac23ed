# Copperleaf (small-business bookkeeping): a bare Rack app standing in for Rails 6.1 (no Rails on this box). Its
# production.log is what Rails writes with config.log_tags = [:request_id] (Logger::Formatter, tagged lines).
require "json"
require "logger"
require "objspace"
require "securerandom"
require "time"
require "rack"

module Copperleaf
  ROOT = File.expand_path("..", __dir__)

  class TaggedFormatter < ::Logger::Formatter
    def call(severity, time, progname, msg)
      tag = Thread.current[:request_id]
      super(severity, time, progname, tag ? "[#{tag}] #{msg}" : msg)
    end
  end

  def self.logger
    @logger ||= Logger.new(File.join(ROOT, "log/production.log")).tap { |l| l.formatter = TaggedFormatter.new }
  end

  def self.memory_logger
    @memory_logger ||= Logger.new(File.join(ROOT, "log/memory.log"))
  end

  def self.after_fork
    @logger = nil
    @memory_logger = nil
    return unless ENV["HEAP_TRACE"] == "1"
    # config/initializers/heap_dump.rb: allocation tracing from fork; `bin/heapdump PID` writes PID into
    # tmp/heapdump.request and that worker dumps its heap (after a full GC, between two requests) to
    # log/heapdump-<pid>-<n>.json
    ObjectSpace.trace_object_allocations_start
    @dumps = 0
  end

  def self.heap_dump_if_requested
    return unless @dumps
    req = File.join(ROOT, "tmp/heapdump.request")
    return unless File.exist?(req) && File.read(req).strip == Process.pid.to_s
    File.delete(req) rescue nil
    @dumps += 1
    GC.start(full_mark: true, immediate_sweep: true)
    path = File.join(ROOT, "log/heapdump-#{Process.pid}-#{@dumps}.json")
    File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
    File.rename(path + ".tmp", path)
  end

  # per-request RSS, as the oink-style initializer the team copied years ago writes it
  class MemoryLogger
    def initialize(app) = @app = app
    def rss_kb = File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i

    def call(env)
      before = rss_kb
      res = @app.call(env)
      now = rss_kb
      Copperleaf.memory_logger.info("CONSUME MEMORY: #{now - before}KB\tNow: #{now} KB\t#{env["REQUEST_METHOD"]} #{env["PATH_INFO"]}")
      res
    ensure
      Copperleaf.heap_dump_if_requested
    end
  end
end

require File.join(Copperleaf::ROOT, "app/middleware/request_audit")
require File.join(Copperleaf::ROOT, "app/controllers/application_controller")
Dir[File.join(Copperleaf::ROOT, "app/controllers/*.rb")].sort.each { |f| require f }
require "copperleaf/router"
