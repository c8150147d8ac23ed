# Saltings Harbour berth planner (Rack stand-in for the Rails app). Logs one lograge line per request with
# lograge's Logstash formatter (JSON) to log/production.log, GC.stat every 5 s to log/gc_stat.log (Hash#inspect),
# and reads its feature flags from tmp/flags.json (written by bin/flipper, the Flipper CLI stand-in).
require "json"
require "logger"
require "time"
require "objspace"
require "berth_notes"
require "tonnage_report"

module Saltings
  ROOT = "/srv/saltings"
  REVISION = File.read(File.join(ROOT, "REVISION")).strip rescue "unknown"

  class Flags
    def initialize(path) = (@path = path; @mtime = nil; @flags = {}; @lock = Mutex.new)
    def enabled?(name)
      @lock.synchronize do
        m = File.mtime(@path) rescue nil
        if m != @mtime
          @mtime = m
          @flags = m ? JSON.parse(File.read(@path)) : {}
        end
        @flags[name.to_s] == true
      end
    end
  end

  class App
    def initialize
      @log = File.open(File.join(ROOT, "log/production.log"), "a").tap { |f| f.sync = true }
      @flags = Flags.new(File.join(ROOT, "tmp/flags.json"))
      @rng = Random.new(41)
      @gen = nil
      if ENV["HEAP_TRACE"] == "1"
        GC.start
        @gen = GC.count
        ObjectSpace.trace_object_allocations_start
      end
      start_gc_stat
    end

    def start_gc_stat
      f = File.open(File.join(ROOT, "log/gc_stat.log"), "a").tap { |io| io.sync = true }
      Thread.new do
        loop do
          f.puts "#{Time.now.strftime("%F %T %z")} saltings pid=#{Process.pid} rev=#{REVISION} GC.stat=#{GC.stat.inspect}"
          sleep 5
        end
      end
    end

    def call(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      path = env["PATH_INFO"]
      status, type, body, ctrl, action, view = route(env["REQUEST_METHOD"], path, env)
      dur = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      line = { method: env["REQUEST_METHOD"], path: path, format: type.include?("csv") ? "csv" : (type.include?("json") ? "json" : "html"),
               controller: ctrl, action: action, status: status, duration: dur.round(2), view: (dur * view).round(2),
               db: (dur * 0.11).round(2), request_id: env["HTTP_X_REQUEST_ID"], remote_ip: env["HTTP_X_FORWARDED_FOR"],
               "@timestamp": Time.now.utc.iso8601(3), "@version": "1",
               message: "[#{status}] #{env["REQUEST_METHOD"]} #{path} (#{ctrl}##{action})" }
      @log.write(JSON.generate(line) + "\n")
      [status, { "content-type" => type }, [body]]
    end

    def route(meth, path, env)
      rng = Random.new(path.hash)
      case [meth, path]
      in ["GET", %r{\A/berths/(\d+)\z}]
        id = $1.to_i
        notes = BerthNotes.current(id, rng)
        kept = @flags.enabled?(:berth_notes_history) ? BerthNotes.remember(id, notes) : 0
        html = "<h1>Berth #{id}</h1>" + notes.map { |n| "<p>#{n[0, 200]}</p>" }.join + "<small>#{kept} revisions</small>"
        [200, "text/html", html, "BerthsController", "show", 0.3 + rng.rand * 0.3]
      in ["GET", %r{\A/vessels/(\d+)\z}]
        [200, "text/html", "<h1>IMO #{$1}</h1>" + ("<td>call</td>" * 200), "VesselsController", "show", 0.4 + rng.rand * 0.3]
      in ["GET", "/arrivals"]
        rows = Array.new(400) { |i| "<tr><td>#{i}</td><td>MV-#{rng.rand(1_000_000)}</td></tr>" }
        [200, "text/html", rows.join, "ArrivalsController", "index", 0.5 + rng.rand * 0.3]
      in ["GET", "/reports/tonnage.csv"]
        csv = TonnageReport.csv("2026-11", rng)
        [200, "text/csv", "#{csv.bytesize} bytes\n", "ReportsController", "tonnage", 0.08 + rng.rand * 0.05]
      in ["GET", "/up"]
        [200, "text/html", "ok", "Rails::HealthController", "show", 0.0]
      in ["POST", "/ops/heap_dump"]
        dir = File.join(ROOT, "tmp/heapdumps")
        Dir.mkdir(dir) unless Dir.exist?(dir)
        file = File.join(dir, "heap.json")
        GC.start
        File.open(file, "w") { |f| ObjectSpace.dump_all(output: f, since: @gen) }
        [200, "text/plain", "dumped\n", "Ops::HeapDumpsController", "create", 0.0]
      else
        [404, "text/html", "not found", "ApplicationController", "not_found", 0.0]
      end
    end
  end
end
