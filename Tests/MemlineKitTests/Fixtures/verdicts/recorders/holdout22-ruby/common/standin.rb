# Shared by the holdout22-ruby stand-in apps (no Rails on the recording box): a tiny controller router that writes
# what a Rails 7 production.log writes (Started / Processing / Completed, optionally with config.log_tags) or a
# lograge JSON line, plus the CONSUME MEMORY around filter. Copied into each app as lib/standin.rb.
require "json"
require "logger"
require "securerandom"
require "time"
require "rack"

module Standin
  def self.rss_kb = File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i

  # ActiveSupport::TaggedLogging with config.log_tags = [:request_id, ->(req) { Process.pid }]
  class TaggedFormatter < ::Logger::Formatter
    def call(severity, time, progname, msg)
      tags = Thread.current[:log_tags]
      super(severity, time, progname, tags ? tags.map { |t| "[#{t}] " }.join + msg.to_s : msg)
    end
  end

  # routes: [[method, regexp, "Controller#action", handler_symbol], ...]; target responds to handler(req, id, env)
  # and to before_actions(req) (the ApplicationController filters), returning [status, body, db_ms].
  class App
    def initialize(root:, routes:, style:, target:, log_path: nil)
      @root, @routes, @style, @target = root, routes, style, target
      @log_path = log_path || File.join(root, "log/production.log")
    end

    def logger
      @log_pid == Process.pid && @log or begin
        @log_pid = Process.pid
        l = Logger.new(@log_path)
        l.formatter = TaggedFormatter.new if @style == :rails_tagged
        l.formatter = proc { |_s, _t, _p, m| "#{m}\n" } if @style == :lograge_json
        l.level = Logger::INFO
        @log = l
      end
    end

    def call(env)
      req = Rack::Request.new(env)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      Thread.current[:log_tags] = [rid, Process.pid] if @style == :rails_tagged
      log = logger
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      route = @routes.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      rails = @style != :lograge_json
      log.info("Started #{req.request_method} \"#{req.fullpath}\" for #{env["HTTP_X_FORWARDED_FOR"] || req.ip} at #{Time.now.strftime("%F %T %z")}") if rails
      unless route
        log.info("Completed 404 Not Found in 0ms") if rails
        return [404, { "content-type" => "text/plain" }, ["not found"]]
      end
      meth, re, action, handler = route
      id = re.match(req.path_info)&.[](1)
      if rails
        log.info("Processing by #{action} as #{req.path_info.end_with?(".json") ? "JSON" : "HTML"}")
        log.info("  Parameters: #{({ "id" => id }.compact.merge(req.GET)).inspect}") if id || !req.GET.empty?
      end
      @target.before_actions(req) if @target.respond_to?(:before_actions) && !action.start_with?("Rails::")
      status, body, db = @target.send(handler, req, id, env)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      allocs = GC.stat(:total_allocated_objects) - a0
      if @style == :lograge_json
        c, a = action.split("#")
        log.info(JSON.generate({ "time" => Time.now.utc.iso8601(3), "method" => meth, "path" => req.path_info, "format" => "html",
                                 "controller" => c, "action" => a, "status" => status, "duration" => ms.round(2),
                                 "view" => (ms * 0.6).round(2), "db" => db, "request_id" => rid, "pid" => Process.pid }))
      else
        log.info(format("Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)", status,
                        Rack::Utils::HTTP_STATUS_CODES[status], ms, ms * 0.3, db, allocs))
      end
      [status, { "content-type" => "text/html" }, [body]]
    ensure
      Thread.current[:log_tags] = nil
    end
  end

  # config/initializers/consume_memory.rb: RSS before/after each request into log/memory.log (one Logger per worker)
  class ConsumeMemory
    def initialize(app, root) = (@app, @root = app, root)

    def logger
      @pid == Process.pid && @log or (@pid = Process.pid; @log = Logger.new(File.join(@root, "log/memory.log")))
    end

    def call(env)
      before = Standin.rss_kb
      res = @app.call(env)
      now = Standin.rss_kb
      logger.info("CONSUME MEMORY: #{now - before}KB\tNow: #{now} KB\t#{env["REQUEST_METHOD"]} #{env["PATH_INFO"]}")
      res
    end
  end
end
