# Parcelhop (parcel shipping for small shops): a bare Rack app standing in for Rails 6.1 (no Rails on this box).
# production.log is Rails' default: Logger::Formatter lines, no tags.
require "json"
require "logger"
require "objspace"
require "securerandom"
require "time"
require "rack"
require "adressa"

module Parcelhop
  ROOT = File.expand_path("..", __dir__)

  def self.logger = @logger ||= Logger.new(File.join(ROOT, "log/production.log"))

  def self.after_fork(nr)
    @logger = nil
    return unless ENV["HEAP_TRACE"] == "1"
    # config/initializers/heap_dump.rb (PH-390): allocation tracing from fork; `echo PID > tmp/heapdump.request`
    # makes that worker dump its heap after its next request (full GC first) to log/heap.<pid>.<n>.json
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
    path = File.join(ROOT, "log/heap.#{Process.pid}.#{@dumps}.json")
    File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
    File.rename(path + ".tmp", path)
  end

  class HeapDumpHook
    def initialize(app) = @app = app

    def call(env)
      @app.call(env)
    ensure
      Parcelhop.heap_dump_if_requested
    end
  end
end

require "parcelhop/app"
