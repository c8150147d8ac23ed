# holdout23-ruby: the Rails stand-in shared by the web apps (no Rails on the recording box). A Rack app that routes to
# controller methods and writes what a Rails 7 production.log writes: the classic Started / Processing / Completed
# lines (style :rails), the same with config.log_tags = [:request_id] (style :tagged), or one lograge key=value line per
# request (style :lograge_kv, with an ISO time carrying the local offset). Copied into each app as lib/stand.rb.
require "logger"
require "securerandom"
require "time"
require "rack"

module Stand
  def self.rss_kb = File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i

  class TagFormatter < ::Logger::Formatter
    def call(severity, time, progname, msg)
      tags = Thread.current[:stand_tags]
      super(severity, time, progname, tags ? tags.map { |t| "[#{t}] " }.join + msg.to_s : msg)
    end
  end

  class App
    # routes: [[method, regexp, "Controller#action", :handler], ...]; handler(req, match) -> [status, body, db_ms]
    def initialize(log_path:, routes:, style:, target:)
      @log_path, @routes, @style, @target = log_path, routes, style, target
    end

    def logger
      return @log if @log_pid == Process.pid && @log
      @log_pid = Process.pid
      l = Logger.new(@log_path)
      l.formatter = TagFormatter.new if @style == :tagged
      l.formatter = proc { |_s, _t, _p, m| "#{m}\n" } if @style == :lograge_kv
      l.level = Logger::INFO
      @log = l
    end

    def call(env)
      req = Rack::Request.new(env)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      env["stand.request_id"] = rid
      Thread.current[:stand_tags] = [rid] if @style == :tagged
      log = logger
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      classic = @style != :lograge_kv
      log.info("Started #{req.request_method} \"#{req.fullpath}\" for #{env["HTTP_X_FORWARDED_FOR"] || req.ip} at #{Time.now.strftime("%F %T %z")}") if classic
      route = @routes.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      unless route
        log.info("Completed 404 Not Found in 0ms") if classic
        return [404, { "content-type" => "text/plain" }, ["not found"]]
      end
      meth, re, action, handler = route
      md = re.match(req.path_info)
      if classic
        fmt = req.path_info.end_with?(".csv") ? "CSV" : (req.path_info.start_with?("/api/") ? "JSON" : "HTML")
        log.info("Processing by #{action} as #{fmt}")
        params = md.names.to_h { |n| [n, md[n]] }.merge(req.GET)
        log.info("  Parameters: #{params.inspect}") unless params.empty?
      end
      status, body, db = @target.send(handler, req, md)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      allocs = GC.stat(:total_allocated_objects) - a0
      if classic
        log.info(format("Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)", status,
                        Rack::Utils::HTTP_STATUS_CODES[status], ms, ms * 0.35, db, allocs))
      else
        c, a = action.split("#")
        log.info("time=#{Time.now.iso8601(3)} pid=#{Process.pid} request_id=#{rid} method=#{meth} path=#{req.path_info} " \
                 "format=#{req.path_info.end_with?(".csv") ? "csv" : "json"} controller=#{c} action=#{a} status=#{status} " \
                 "duration=#{ms.round(2)} view=#{(ms * 0.3).round(2)} db=#{db} allocations=#{allocs}")
      end
      [status, { "content-type" => "text/html" }, [body]]
    ensure
      Thread.current[:stand_tags] = nil
    end
  end
end
