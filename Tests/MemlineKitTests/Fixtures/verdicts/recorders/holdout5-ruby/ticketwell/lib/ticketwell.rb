# Ticketwell (event ticketing) web app: a bare Rack app standing in for Rails 6.1 (no Rails on this box). It logs
# what Rails' production.log holds (Logger::Formatter, request-id tags: Started / Processing by / Parameters /
# Completed) plus ApplicationController's around_action :record_memory line.
require "logger"
require "json"
require "securerandom"
require "objspace"

module Ticketwell
  ROOT = File.expand_path("..", __dir__)
  LOG_DIR = File.join(ROOT, "log")

  # ActiveSupport::TaggedLogging in a nutshell: per-thread tags in front of the message.
  class TaggedLogger
    def initialize(io)
      @logger = Logger.new(io)
      @logger.formatter = ::Logger::Formatter.new
    end

    def tagged(*tags)
      Thread.current[:tw_tags] = tags
      yield
    ensure
      Thread.current[:tw_tags] = nil
    end

    def info(msg)
      tags = Thread.current[:tw_tags]
      @logger.info(tags ? tags.map { |t| "[#{t}] " }.join + msg : msg)
    end
  end

  def self.logger
    @logger ||= TaggedLogger.new(File.join(LOG_DIR, "production.log"))
  end

  # ALLOC_TRACE_WORKER=<index>: that worker traces allocations from boot. SIGWINCH asks it for a heap dump, written
  # from puma's out_of_band hook (the worker's threads all idle, so no request is half-way) after two full GCs: the
  # objects allocated since the worker booted (ObjectSpace.dump_all since: the boot's GC generation; the preloaded
  # gems and app are the same in every dump and would triple the file), to log/heapdump.<pid>.<n>.json.
  def self.worker_booted(index)
    @logger = nil # reopen production.log in the worker
    return unless ENV["ALLOC_TRACE_WORKER"] && ENV["ALLOC_TRACE_WORKER"].to_i == index
    ObjectSpace.trace_object_allocations_start
    @boot_generation = GC.count
    @dumps_wanted = @dumps_done = 0
    trap("WINCH") { @dumps_wanted += 1 }
  end

  def self.out_of_band
    return unless @dumps_wanted && @dumps_wanted > @dumps_done
    @dumps_done += 1
    GC.start(full_mark: true, immediate_sweep: true)
    GC.start(full_mark: true, immediate_sweep: true)
    File.open(File.join(LOG_DIR, "heapdump.#{Process.pid}.#{@dumps_done}.json"), "w") do |io|
      ObjectSpace.dump_all(output: io, since: @boot_generation)
    end
  end
end

require "ticketwell/router"
