# /srv/saltgrove/config.ru: Saltgrove (freight forwarding) stand-in for its Rails app (no Rails on the recording box): lograge
# key=value lines after the Logger prefix in log/production.log, the CONSUME MEMORY around filter (log/memory.log).
require "logger"
require "json"
require "time"
require_relative "vendor/manifest_xml/manifest_xml"

module Saltgrove
  def self.rss_kb = File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i
  LOGS = {}
  def self.logger(name) = (LOGS[[name, Process.pid]] ||= Logger.new(File.join(__dir__, "log/#{name}.log")))

  module GcReporter
    def self.start(index)
      Thread.new do
        f = File.open(File.join(__dir__, "log/gc_stat.log"), "a"); f.sync = true
        loop do
          f.puts JSON.generate({ "time" => Time.now.utc.iso8601(3), "pid" => Process.pid, "worker" => index, "gc_stat" => GC.stat })
          sleep 2
        end
      end
    end
  end

  CARRIERS = Array.new(60) { |i| "carrier-#{i}" }
  ROUTES = [
    ["GET", %r{\A/shipments/(\d+)\z}, "ShipmentsController", "show"],
    ["GET", %r{\A/carriers\z}, "CarriersController", "index"],
    ["POST", %r{\A/shipments\z}, "ShipmentsController", "create"],
    ["POST", %r{\A/partner/manifests\z}, "Partner::ManifestsController", "create"],
    ["GET", %r{\A/exports/fleet-ledger\.csv\z}, "Exports::FleetLedgerController", "show"],
    ["GET", %r{\A/healthz\z}, "HealthController", "show"],
  ]

  def self.handle(action, req)
    case action
    when "ShipmentsController#show" then [200, Array.new(200) { |i| "leg-#{i}" }.join(",")]
    when "CarriersController#index" then [200, CARRIERS.join(",")]
    when "ShipmentsController#create" then [201, "created"]
    when "Partner::ManifestsController#create"
      doc = ManifestXml.parse(req.body.read.to_s + Time.now.to_f.to_s, batched: true)
      [202, "accepted #{doc.items.size} lines"]
    when "Exports::FleetLedgerController#show"
      csv = Array.new(220_000) { |i| "#{i},truck-#{i % 340},#{(i * 13.7).round(2)},2026-11-#{i % 28 + 1}" }.join("\n")
      [200, "#{csv.bytesize}"]
    else [200, "ok"]
    end
  end

  App = lambda do |env|
    req = Rack::Request.new(env)
    before = Saltgrove.rss_kb
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    a0 = GC.stat(:total_allocated_objects)
    r = ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
    status, body = r ? handle("#{r[2]}##{r[3]}", req) : [404, "not found"]
    ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
    c, a = r ? [r[2], r[3]] : ["ActionController::RoutingError", "-"]
    Saltgrove.logger("production").info("method=#{req.request_method} path=#{req.path_info} format=#{req.path_info.end_with?(".csv") ? "csv" : "json"} controller=#{c} action=#{a} status=#{status} duration=#{ms.round(2)} view=#{(ms * 0.15).round(2)} db=#{(ms * 0.3).round(2)} allocations=#{GC.stat(:total_allocated_objects) - a0} request_id=#{env["HTTP_X_REQUEST_ID"]}")
    now = Saltgrove.rss_kb
    Saltgrove.logger("memory").info("CONSUME MEMORY: #{now - before}KB\tNow: #{now} KB\t#{req.request_method} #{req.path_info}")
    [status, { "content-type" => "text/plain" }, [body]]
  end
end

run Saltgrove::App
