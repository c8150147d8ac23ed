# Shared by the holdout21-ruby stand-in apps (adapted from holdout16-ruby's) (no Rails on the recording box): a tiny router that writes what Rails'
# production.log (or lograge) writes, the CONSUME MEMORY around filter, a GC.stat reporter thread and a heap dump hook.
require "json"
require "logger"
require "objspace"
require "securerandom"
require "time"
require "rack"

module RackBase
  def self.rss_kb = File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i

  class TaggedFormatter < ::Logger::Formatter
    def call(severity, time, progname, msg)
      tag = Thread.current[:request_id]
      super(severity, time, progname, tag ? "[#{tag}] #{msg}" : msg)
    end
  end

  # style: :rails (Started/Processing/Completed), :rails_tagged, :lograge_json, :lograge_json_stdout (bare JSON on stdout), :lograge_kv (key=value after the Logger prefix),
  # :lograge_kv_stdout (bare key=value lines with request_id on stdout, as on Heroku)
  class App
    def initialize(root:, routes:, style:, target:)
      @root, @routes, @style, @target = root, routes, style, target
      @log = nil
    end

    def logger
      @log_pid == Process.pid && @log or begin
        @log_pid = Process.pid
        l = Logger.new(@style.to_s.end_with?("_stdout") ? $stdout : File.join(@root, "log/production.log"))
        l.formatter = TaggedFormatter.new if @style == :rails_tagged
        l.formatter = proc { |_s, _t, _p, m| "#{m}\n" } if @style == :lograge_json || @style.to_s.end_with?("_stdout")
        l.level = Logger::INFO
        @log = l
      end
    end

    def call(env)
      req = Rack::Request.new(env)
      Thread.current[:request_id] = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      log = logger
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      route = @routes.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      unless @style.to_s.start_with?("lograge")
        log.info("Started #{req.request_method} \"#{req.fullpath}\" for #{env["HTTP_X_FORWARDED_FOR"] || req.ip} at #{Time.now.strftime("%F %T %z")}")
      end
      unless route
        log.info("Completed 404 Not Found in 0ms") unless @style.to_s.start_with?("lograge")
        return [404, { "content-type" => "text/plain" }, ["not found"]]
      end
      meth, re, action, handler = route
      id = re.match(req.path_info)&.[](1)
      unless @style.to_s.start_with?("lograge")
        log.info("Processing by #{action} as #{req.path_info.end_with?(".csv") ? "CSV" : req.path_info.end_with?(".pdf") ? "PDF" : "HTML"}")
        log.info("  Parameters: #{{ "id" => id }.compact.inspect}") if id
      end
      status, body, db = @target.send(handler, req, id)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      allocs = GC.stat(:total_allocated_objects) - a0
      if @style == :lograge_json
        c, a = action.split("#")
        log.info(JSON.generate({ "method" => meth, "path" => req.path_info, "format" => "html", "controller" => c, "action" => a,
                                 "status" => status, "duration" => ms.round(2), "view" => (ms * 0.2).round(2), "db" => db,
                                 "allocations" => allocs, "time" => Time.now.utc.iso8601(3), "pid" => Process.pid,
                                 "request_id" => Thread.current[:request_id] }))
      elsif @style == :lograge_json_stdout
        c, a = action.split("#")
        log.info(JSON.generate({ "method" => meth, "path" => req.path_info, "format" => "json", "controller" => c, "action" => a,
                                 "status" => status, "duration" => ms.round(2), "view" => (ms * 0.15).round(2), "db" => db,
                                 "request_id" => Thread.current[:request_id], "allocations" => allocs }))
      elsif @style == :lograge_kv_stdout
        c, a = action.split("#")
        log.info(format("method=%s path=%s format=%s controller=%s action=%s status=%d duration=%.2f view=%.2f db=%.2f request_id=%s allocations=%d",
                        meth, req.path_info, req.path_info.end_with?(".csv") ? "csv" : "html", c, a, status, ms, ms * 0.2, db, Thread.current[:request_id], allocs))
      elsif @style == :lograge_kv
        c, a = action.split("#")
        log.info(format("method=%s path=%s format=%s controller=%s action=%s status=%d duration=%.2f view=%.2f db=%.2f allocations=%d",
                        meth, req.path_info, req.path_info.end_with?(".pdf") ? "pdf" : "html", c, a, status, ms, ms * 0.2, db, allocs))
      else
        log.info(format("Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)", status,
                        Rack::Utils::HTTP_STATUS_CODES[status], ms, ms * 0.2, db, allocs))
      end
      [status, { "content-type" => "text/html" }, [body]]
    ensure
      Thread.current[:request_id] = nil
    end
  end

  # config/initializers/consume_memory.rb: the around filter that logs RSS before/after each request
  class ConsumeMemory
    def initialize(app, root) = (@app, @root = app, root)

    def logger
      @pid == Process.pid && @log or (@pid = Process.pid; @log = Logger.new(File.join(@root, "log/memory.log")))
    end

    def call(env)
      before = RackBase.rss_kb
      res = @app.call(env)
      now = RackBase.rss_kb
      logger.info("CONSUME MEMORY: #{now - before}KB\tNow: #{now} KB\t#{env["REQUEST_METHOD"]} #{env["PATH_INFO"]}")
      res
    end
  end

  # a thread per worker: yields GC.stat every `every` seconds
  def self.gc_reporter(every)
    Thread.new do
      loop do
        yield GC.stat
        sleep every
      end
    end
  end

  # `touch tmp/heapdump.PID` (one file per worker): that worker runs a full GC and dumps after its next request
  def self.heap_trace!(root, name)
    @heap = [root, name, 0, Mutex.new]
  end

  def self.heap_dump_if_requested
    return unless @heap
    root, name, _, lock = @heap
    req = File.join(root, "tmp/heapdump.#{Process.pid}")
    return unless File.exist?(req)
    lock.synchronize do
      return unless File.exist?(req)
      File.delete(req) rescue nil
      @heap[2] += 1
      GC.start(full_mark: true, immediate_sweep: true)
      path = File.join(root, "log", format(name, pid: Process.pid, n: @heap[2], t: Time.now.utc.strftime("%Y%m%dT%H%M%SZ")))
      File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
      File.rename(path + ".tmp", path)
    end
  end

  # config/initializers/gc_stat_logger.rb: every `every` requests a worker writes `GC.stat {…}` to log/gc_stat.log
  class GcStatLogger
    def initialize(app, root, every) = (@app, @root, @every, @n = app, root, every, 0)

    def logger
      @pid == Process.pid && @log or (@pid = Process.pid; @n = 0; @log = Logger.new(File.join(@root, "log/gc_stat.log")))
    end

    def call(env)
      @app.call(env)
    ensure
      l = logger
      l.info("GC.stat #{GC.stat.inspect}") if ((@n += 1) % @every).zero?
    end
  end

  class HeapDumpHook
    def initialize(app) = @app = app

    def call(env)
      @app.call(env)
    ensure
      RackBase.heap_dump_if_requested
    end
  end
end
