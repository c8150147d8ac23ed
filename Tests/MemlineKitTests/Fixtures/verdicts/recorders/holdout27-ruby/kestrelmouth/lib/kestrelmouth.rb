require "json"
require "time"
require "uri"
require "securerandom"
require "objspace"
require "hyphen"
require "kestrelmouth/title_metadata"
require "kestrelmouth/search"

module Kestrelmouth
  ROOT = "/srv/kestrelmouth"
  # lograge (KeyValue formatter) with custom_options request_id, pid, time.
  LOG = File.open("#{ROOT}/log/production.log", "a").tap { |f| f.sync = true }

  ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"

  # KP-61: GC.stat every 10 s to log/gc.log
  Thread.new do
    loop do
      sleep 10
      File.open("#{ROOT}/log/gc.log", "a") { |f| f.puts("#{Time.now.strftime("%F %T %z")} pid=#{Process.pid} #{GC.stat.inspect}") }
    end
  end
  # KP-62: `touch tmp/heapdump` writes tmp/heap-PID-TIMESTAMP.json
  Thread.new do
    loop do
      if File.exist?("#{ROOT}/tmp/heapdump")
        File.delete("#{ROOT}/tmp/heapdump")
        GC.start
        path = "#{ROOT}/tmp/heap-#{Process.pid}-#{Time.now.strftime("%Y%m%dT%H%M%S")}.json"
        File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
        File.rename(path + ".part", path)
      end
      sleep 0.5
    end
  end

  class App
    ROUTES = [
      ["GET", %r{\A/titles/(\d+)\z}, "TitlesController", "show"],
      ["GET", %r{\A/titles/(\d+)/preview\z}, "TitlesController", "preview"],
      ["GET", %r{\A/search\z}, "SearchController", "index"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show"],
    ].freeze

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      route = ROUTES.find { |r| r[0] == meth && r[1].match?(path) }
      status, body, db = route ? dispatch(route[2], route[3], route[1].match(path), env) : [404, "Not Found", 0.0]
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      LOG.write("method=#{meth} path=#{path} format=html controller=#{route ? route[2] : "ActionController::RoutingError"} " \
                "action=#{route ? route[3] : "-"} status=#{status} allocations=#{GC.stat(:total_allocated_objects) - a0} " \
                "duration=#{format("%.2f", ms)} view=#{format("%.2f", ms * 0.6)} db=#{format("%.2f", db)} " \
                "request_id=#{env["HTTP_X_REQUEST_ID"]} pid=#{Process.pid} time=#{Time.now.iso8601}\n")
      [status, { "content-type" => "text/html; charset=utf-8" }, [body]]
    end

    def dispatch(ctrl, action, m, env)
      case [ctrl, action]
      when ["TitlesController", "show"]
        md = TitleMetadata.fetch(m[1].to_i)
        [200, "<html><body><h1>#{md[:title]}</h1><p>#{md[:isbn]}</p><p>#{md[:blurb]}</p></body></html>", 2.0 + rand * 3]
      when ["TitlesController", "preview"]
        id = m[1].to_i
        text = Array.new(40) { |i| "Chapter #{i % 12} of title #{id}: the estuary's marginalia and tidewater almanacs" }.join(" ")
        [200, "<html><body><p>#{Hyphen.dictionary("en_GB").hyphenate(text)}</p></body></html>", 4.0 + rand * 3]
      when ["SearchController", "index"]
        q = URI.decode_www_form(env["QUERY_STRING"].to_s).to_h["q"].to_s
        [200, "<html><body><ol>#{Search.run(q).map { |r| "<li>#{r}</li>" }.join}</ol></body></html>", 12.0 + rand * 6]
      else
        [200, "<html><body style=\"background-color: green\"></body></html>", 0.0]
      end
    end
  end
end
