require "logger"
require "json"
require "time"
require "securerandom"
require "digest"

module Wickmoor
  VERSION = File.read(File.expand_path("../REVISION", __dir__)).strip rescue "dev"
  LOG = Logger.new("/srv/wickmoor/shared/log/production.log")
  LOG.level = Logger::INFO

  # WM-233: between requests, every N requests, enable GC, collect, disable again (canary worker only).
  class OobGcCanary
    def initialize(app)
      @app = app
      @every = ENV["WICKMOOR_OOB_GC"]&.to_i
      @served = 0
      if @every
        LOG.info("OobGcCanary: worker=#{ENV["WICKMOOR_WORKER_NR"]} pid=#{Process.pid} GC disabled, out-of-band GC every #{@every} requests (WM-233)")
      end
    end

    def call(env)
      res = @app.call(env)
      if @every
        @served += 1
        if (@served % @every).zero?
          GC.enable; GC.start; GC.disable
        end
      end
      res
    end
  end

  # WM-97: GC.stat per worker every 5 s, one JSON envelope a line, to log/gc_stat.log (shipped to the log host).
  class GcStatReporter
    def initialize(app)
      @app = app
      worker = ENV["WICKMOOR_WORKER_NR"].to_i
      Thread.new do
        loop do
          sleep 5
          line = JSON.generate({ "@timestamp" => Time.now.iso8601(3), "host" => "wm-app-2", "app" => "wickmoor-portal",
                                 "release" => VERSION, "unicorn" => { "worker" => worker, "pid" => Process.pid },
                                 "gc" => GC.stat })
          File.open("/srv/wickmoor/shared/log/gc_stat.log", "a") { |f| f.write(line + "\n") }
        end
      end
    end

    def call(env) = @app.call(env)
  end

  class App
    ROUTES = [
      [%r{\A/patients/(\d+)/chart\z}, "ChartsController#show", :chart],
      [%r{\A/appointments\z}, "AppointmentsController#index", :appointments],
      [%r{\A/referrals/(\d+)/letter\.pdf\z}, "ReferralLettersController#show", :letter],
      [%r{\A/up\z}, "Rails::HealthController#show", :up],
    ].freeze
    CLINICIANS = %w[Okafor Lindqvist Marchetti Baptiste Hargreaves Nakamura Delacroix Ferreira].freeze

    def call(env)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      ip = env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]
      path = env["PATH_INFO"]
      qs = env["QUERY_STRING"].to_s
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      LOG.info("[#{rid}] Started GET \"#{path}#{qs.empty? ? "" : "?" + qs}\" for #{ip} at #{Time.now.strftime("%Y-%m-%d %H:%M:%S %z")}")
      route = ROUTES.find { |(re, _, _)| re.match?(path) }
      return [404, { "content-type" => "text/plain" }, ["not found"]] unless route
      re, action, meth = route
      m = re.match(path)
      fmt = path.end_with?(".pdf") ? "PDF" : (meth == :up ? "*/*" : "HTML")
      LOG.info("[#{rid}] Processing by #{action} as #{fmt}")
      params = {}
      params["id"] = m[1] if m[1]
      qs.split("&").each { |kv| k, v = kv.split("=", 2); params[k] = v if k }
      LOG.info("[#{rid}]   Parameters: #{params.inspect}") unless params.empty?
      body, type, view, db = send(meth, params)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      allocs = GC.stat(:total_allocated_objects) - a0
      if meth == :letter
        LOG.info("[#{rid}]   Rendered referral_letters/show.pdf.prawn (Duration: #{format("%.1f", view)}ms | Allocations: #{allocs - 40})")
        LOG.info("[#{rid}] Sent data letter-#{params["id"]}.pdf (#{format("%.1f", 0.4)}ms)")
      end
      LOG.info("[#{rid}] Completed 200 OK in #{ms.round}ms (Views: #{format("%.1f", view)}ms | ActiveRecord: #{format("%.1f", db)}ms | Allocations: #{allocs})")
      [200, { "content-type" => type }, [body]]
    end

    def chart(params)
      id = params["id"].to_i
      rows = Array.new(60) { |i| "<tr><td>#{Time.at(1_700_000_000 + id * 3600 + i * 86_400).strftime("%F")}</td><td>#{CLINICIANS[(id + i) % 8]}</td><td>#{Digest::SHA1.hexdigest("#{id}-#{i}")}</td></tr>" }
      html = "<html><body><h1>Chart #{id}</h1><table>#{rows.join("\n")}</table></body></html>"
      [html, "text/html", 2.0 + rand * 4, 1.0 + rand * 3]
    end

    def appointments(params)
      slots = Array.new(120) { |i| { time: format("%02d:%02d", 8 + i / 12, (i % 12) * 5), who: CLINICIANS[i % 8], room: "R#{i % 9}" } }
      html = slots.map { |s| "<li>#{s[:time]} #{s[:who]} #{s[:room]}</li>" }.join
      [html, "text/html", 3.0 + rand * 3, 2.0 + rand * 4]
    end

    # The referral letter: renders every consultation note of the patient into an in-memory PDF-ish page stream.
    def letter(params)
      id = params["id"].to_i
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      pages = Array.new(60) do |p|
        Array.new(900) { |l| "BT /F1 10 Tf 72 #{720 - (l % 60) * 12} Td (#{CLINICIANS[(p + l) % 8]} note #{id}-#{p}-#{l} #{"x" * 40}) Tj ET" }.join("\n")
      end
      pdf = "%PDF-1.4\n" + pages.each_with_index.map { |s, i| "#{i + 3} 0 obj << /Length #{s.bytesize} >> stream\n#{s}\nendstream endobj" }.join("\n")
      view = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      [pdf[0, 2048], "application/pdf", view, 6.0 + rand * 8]
    end

    def up(_params) = ["ok", "text/plain", 0.0, 0.0]
  end
end
