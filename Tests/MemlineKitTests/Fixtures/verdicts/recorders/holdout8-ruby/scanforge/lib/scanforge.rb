# Scanforge (document capture and OCR for accounting firms): a bare Rack app standing in for Rails 7.0 (no Rails on
# this box). production.log is what Rails writes with config.log_tags = [:request_id] and the default Logger format.
require "json"
require "logger"
require "objspace"
require "securerandom"
require "time"
require "rack"

module Scanforge
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

  def self.after_fork(index)
    @logger = nil
    @worker = index
    # config/initializers/gc_stat.rb (SF-88): each worker appends {"time","pid","gc_stat"} to log/gc_stat.log every 2 s
    Thread.new do
      File.open(File.join(ROOT, "log/gc_stat.log"), "a") do |io|
        io.sync = true
        loop do
          io.write(JSON.generate({ "time" => Time.now.utc.iso8601(3), "pid" => Process.pid, "gc_stat" => GC.stat }) + "\n")
          sleep 2
        end
      end
    end
    return unless ENV["HEAP_TRACE"] == "1"
    # config/initializers/heap_dump.rb: allocation tracing from boot of the worker; `echo PID > tmp/heapdump.request`
    # makes that worker dump its heap (after a full GC, after a request) to log/heapdump.<pid>.<n>.json
    ObjectSpace.trace_object_allocations_start
    @dumps = 0
    @dump_lock = Mutex.new
  end

  def self.heap_dump_if_requested
    return unless @dumps
    req = File.join(ROOT, "tmp/heapdump.request")
    return unless File.exist?(req)
    @dump_lock.synchronize do
      return unless File.exist?(req) && File.read(req).strip == Process.pid.to_s
      File.delete(req) rescue nil
      @dumps += 1
      GC.start(full_mark: true, immediate_sweep: true)
      path = File.join(ROOT, "log/heapdump.#{Process.pid}.#{@dumps}.json")
      File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
      File.rename(path + ".tmp", path)
    end
  end

  class HeapDumpHook
    def initialize(app) = @app = app

    def call(env)
      @app.call(env)
    ensure
      Scanforge.heap_dump_if_requested
    end
  end
end

require "scanforge/pix"
require "scanforge/locale_cache"
require "scanforge/app"
