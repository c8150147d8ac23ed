# Shared by the holdout19-ruby stand-in apps (adapted from holdout17-ruby's) (no Rails on the recording box): a tiny router that writes what Rails'
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
      tags = Thread.current[:log_tags] || [Thread.current[:request_id]].compact
      super(severity, time, progname, tags.map { |t| "[#{t}] " }.join + msg.to_s)
    end
  end

  # style: :rails_oink (Started/Processing/Completed with oink's lines before Completed: Oink Action / Memory usage: KB | PID /
  # Instantiation Breakdown / Oink Log Entry Complete), :rails (Started/Processing/Completed), :rails_tagged, :lograge_json, :lograge_json_stdout (bare JSON on stdout), :lograge_kv (key=value after the Logger prefix),
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
        l.formatter = proc { |_s, _t, _p, m| "#{m}\n" } if @style == :lograge_json || @style == :lograge_json_ts || @style.to_s.end_with?("_stdout")
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
      if @style == :rails_oink
        log.info("Oink Action: #{action.sub(/Controller#/, "#").gsub(/([a-z])([A-Z])/, '\\1_\\2').downcase}")
        log.info("Memory usage: #{RackBase.rss_kb} | PID: #{Process.pid}")
        log.info("Instantiation Breakdown: Total: #{db.to_i} | #{action.split("Controller").first.split("::").last.chomp("s")}: #{db.to_i}")
        log.info("Oink Log Entry Complete")
      end
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      allocs = GC.stat(:total_allocated_objects) - a0
      if @style == :lograge_json
        c, a = action.split("#")
        log.info(JSON.generate({ "method" => meth, "path" => req.path_info, "format" => "html", "controller" => c, "action" => a,
                                 "status" => status, "duration" => ms.round(2), "view" => (ms * 0.2).round(2), "db" => db,
                                 "allocations" => allocs, "time" => Time.now.utc.iso8601(3), "pid" => Process.pid,
                                 "request_id" => Thread.current[:request_id] }))
      elsif @style == :lograge_json_ts
        c, a = action.split("#")
        log.info(JSON.generate({ "@timestamp" => Time.now.utc.iso8601(6), "level" => "info", "pid" => Process.pid, "request_id" => Thread.current[:request_id],
                                 "method" => meth, "path" => req.path_info, "format" => "json", "controller" => c, "action" => a,
                                 "status" => status, "duration" => ms.round(2), "view" => (ms * 0.1).round(2), "db" => db, "allocations" => allocs }))
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

  # ActiveJob on the :async adapter, as Rails 7.0 logs it: the Enqueued line inside the request's tags, then Performing /
  # Performed (or Error performing) under [ActiveJob] [Class] [job id] from a small thread pool in the same process.
  module AsyncJobs
    def self.setup(logger_proc, threads: 3)
      @logger_proc, @threads = logger_proc, threads
    end

    def self.pool
      @pool_pid == Process.pid && @queue or begin
        @pool_pid = Process.pid
        @queue = Queue.new
        @threads.times { Thread.new { while (j = @queue.pop) do run(*j) end } }
        @queue
      end
    end

    def self.perform_later(klass, *args)
      jid = SecureRandom.uuid
      @logger_proc.call.info("[ActiveJob] Enqueued #{klass.name} (Job ID: #{jid}) to Async(default) with arguments: #{args.map(&:inspect).join(", ")}")
      pool << [klass, jid, Time.now.utc, args]
      jid
    end

    def self.run(klass, jid, enq, args)
      log = @logger_proc.call
      Thread.current[:log_tags] = ["ActiveJob", klass.name, jid]
      log.info("Performing #{klass.name} (Job ID: #{jid}) from Async(default) enqueued at #{enq.iso8601(3)} with arguments: #{args.map(&:inspect).join(", ")}")
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      begin
        klass.new.perform(*args)
        log.info(format("Performed %s (Job ID: %s) from Async(default) in %.2fms", klass.name, jid, (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000))
      rescue StandardError => e
        log.error("Error performing #{klass.name} (Job ID: #{jid}) from Async(default) in #{format("%.2f", (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000)}ms: #{e.class} (#{e.message}):")
      end
    ensure
      Thread.current[:log_tags] = nil
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

  # `echo PID > tmp/heapdump.request`: that worker dumps (full GC first) after its next request
  def self.heap_trace!(root, name)
    ObjectSpace.trace_object_allocations_start
    @heap = [root, name, 0, Mutex.new]
  end

  def self.heap_dump_if_requested
    return unless @heap
    root, name, _, lock = @heap
    req = File.join(root, "tmp/heapdump.request")
    return unless File.exist?(req)
    lock.synchronize do
      return unless File.exist?(req) && File.read(req).strip == Process.pid.to_s
      File.delete(req) rescue nil
      @heap[2] += 1
      GC.start(full_mark: true, immediate_sweep: true)
      path = File.join(root, "log", format(name, pid: Process.pid, n: @heap[2], t: Time.now.utc.strftime("%Y%m%dT%H%M%SZ")))
      File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
      File.rename(path + ".tmp", path)
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
