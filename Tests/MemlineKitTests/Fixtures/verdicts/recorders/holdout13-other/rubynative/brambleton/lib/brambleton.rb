# Brambleton (public library catalogue API) as a plain Rack app on Puma. Middleware:
#   MemoryLog   CONSUME MEMORY lines (RSS delta and RSS after each request, /proc/self/status) to log/memory.log
#   RequestLog  lograge-style key=value lines through a Ruby Logger to log/production.log
# Background: GC.stat as JSON ({"time","pid","gc_stat"}) every 5 s to log/gc_stat.log; a heap dump
# (ObjectSpace.dump_all after a full GC, no allocation tracing) when tmp/heapdump.request holds our pid.
require "json"
require "logger"
require "objspace"
require "securerandom"
require "time"
require "brambleton/cover_scaler"
require "brambleton/suggestion_cache"

module Brambleton
  ROOT = File.expand_path("..", __dir__)

  def self.rss_kb = File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i

  class MemoryLog
    def initialize(app)
      @app = app
      @log = Logger.new(File.join(ROOT, "log/memory.log"))
    end

    def call(env)
      before = Brambleton.rss_kb
      res = @app.call(env)
      now = Brambleton.rss_kb
      @log.info("CONSUME MEMORY: #{now - before}KB\tNow: #{now} KB\thttps://catalogue.brambleton.org#{env['PATH_INFO']}#{env['QUERY_STRING'].to_s.empty? ? '' : "?#{env['QUERY_STRING']}"}")
      res
    end
  end

  class RequestLog
    ROUTES = [[%r{\A/books/\d+\z}, "BooksController", "show"], [%r{\A/search\z}, "SearchController", "suggest"],
              [%r{\A/covers/\d+/thumbnail\z}, "CoversController", "thumbnail"], [%r{\A/health\z}, "HealthController", "show"]].freeze

    def initialize(app)
      @app = app
      @log = Logger.new(File.join(ROOT, "log/production.log"))
    end

    def call(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      status, headers, body = @app.call(env)
      ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round(2)
      _, ctrl, action = ROUTES.find { |re, _, _| re.match?(env["PATH_INFO"]) } || [nil, "ApplicationController", "not_found"]
      @log.info("method=#{env['REQUEST_METHOD']} path=#{env['PATH_INFO']} format=json controller=#{ctrl} action=#{action} " \
                "status=#{status} duration=#{ms} view=#{(ms * 0.2).round(2)} db=#{(ms * 0.5).round(2)} request_id=#{env['HTTP_X_REQUEST_ID'] || SecureRandom.uuid}")
      [status, headers, body]
    end
  end

  class App
    def call(env)
      case env["PATH_INFO"]
      when %r{\A/books/(\d+)\z}
        book = { id: $1.to_i, title: "Title #{$1}", authors: Array.new(3) { |i| "Author #{i}" }, copies: rand(1..9) }
        json(200, book)
      when "/search"
        q = Rack::Utils.parse_query(env["QUERY_STRING"])["q"].to_s
        json(200, suggestions: SuggestionCache.fetch(q))
      when %r{\A/covers/(\d+)/thumbnail\z}
        scaler = CoverScaler.new($1)
        begin
          thumb = scaler.thumbnail(120)
          sleep 0.02
          json(201, thumb)
        rescue StandardError
          scaler.release
          raise
        end
      when "/health" then json(200, ok: true)
      else json(404, error: "not found")
      end
    end

    def json(status, obj) = [status, { "content-type" => "application/json" }, [JSON.generate(obj)]]
  end

  def self.start_background
    gclog = File.open(File.join(ROOT, "log/gc_stat.log"), "a").tap { |f| f.sync = true }
    Thread.new { loop { gclog.puts(JSON.generate(time: Time.now.utc.iso8601(3), pid: Process.pid, gc_stat: GC.stat)); sleep 5 } }
    Thread.new do
      req = File.join(ROOT, "tmp/heapdump.request")
      loop do
        if File.exist?(req) && File.read(req).strip == Process.pid.to_s
          File.delete(req)
          GC.start(full_mark: true, immediate_sweep: true)
          path = File.join(ROOT, "log", "heap-#{Time.now.utc.strftime('%Y%m%dT%H%M%SZ')}.json")
          File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
          File.rename(path + ".tmp", path)
        end
        sleep 0.25
      end
    end
  end
end
