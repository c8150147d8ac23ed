# Gorsemoor Water (smart meter readings API and the billing team's exports): Rack stand-in writing lograge key=value
# lines into log/production.log, plus config/initializers/gc_probe.rb (GC.stat as JSON every 5 s into log/gc_stat.log).
require "json"
require "stand"
require "reading_batch"

module Gorsemoor
  ROOT = File.expand_path("..", __dir__)
  DISTRICTS = %w[north-fell eskdale ravenglass wasdale ennerdale bootle]

  module GcProbe
    def self.start(path, every)
      Thread.new do
        log = File.open(path, "a")
        log.sync = true
        loop do
          log.puts(JSON.generate({ "time" => Time.now.iso8601(3), "pid" => Process.pid, "gc_stat" => GC.stat }))
          sleep every
        end
      end
    end
  end

  module Controllers
    module_function

    def reading(req, md)
      body = req.body.read
      ReadingBatch.add(md[:id], body)
      sleep 0.015
      [202, "{\"accepted\":true}", 3.1]
    end

    def meter(_req, md) = (sleep 0.02; [200, JSON.generate({ "meter" => md[:id], "district" => DISTRICTS[md[:id].to_i % 6], "last" => rand(100_000) }), 4.4])
    def district(_req, md) = (sleep 0.03; [200, JSON.generate({ "district" => md[:slug], "meters" => rand(800..4000) }), 9.7])
    def up(_req, _md) = [200, "ok", 0.0]

    # GET /exports/consumption.csv: the billing team's full consumption export, built in memory (GM-640 to stream it).
    def consumption_csv(req, _md)
      rows = (req.GET["rows"] || "260000").to_i
      lines = Array.new(rows) do |i|
        "#{i},MTR-#{100_000 + i % 90_000},#{DISTRICTS[i % 6]},#{(i * 7919) % 100_000 / 10.0},2026-11-#{format("%02d", i % 30 + 1)}"
      end
      csv = "id,meter,district,m3,day\n" + lines.join("\n")
      sleep 0.2
      [200, "rows=#{rows} bytes=#{csv.bytesize}", 182.4]
    end
  end

  ROUTES = [
    ["POST", %r{\A/api/meters/(?<id>\d+)/readings\z}, "Api::ReadingsController#create", :reading],
    ["GET", %r{\A/api/meters/(?<id>\d+)\z}, "Api::MetersController#show", :meter],
    ["GET", %r{\A/api/districts/(?<slug>[a-z-]+)/summary\z}, "Api::DistrictsController#summary", :district],
    ["GET", %r{\A/exports/consumption\.csv\z}, "ExportsController#consumption", :consumption_csv],
    ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
  ]

  def self.app = Stand::App.new(log_path: File.join(ROOT, "log/production.log"), routes: ROUTES, style: :lograge_kv, target: Controllers)
end
