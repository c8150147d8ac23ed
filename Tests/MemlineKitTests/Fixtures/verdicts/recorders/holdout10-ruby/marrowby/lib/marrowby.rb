# Marrowby (regional bus journey planner API): a Rack stand-in for its Rails 7.0 app on puma single mode, with the
# oink-style CONSUME MEMORY around filter (log/memory.log) and a GC.stat reporter (log/gc_stats.log, JSON lines).
require "marrowby/base"
require "marrowby/journey_cache"
require "tempfile"
require "zlib"

module Marrowby
  ROOT = File.expand_path("..", __dir__)
  JOURNEYS = JourneyCache.new(Integer(ENV.fetch("JOURNEY_CACHE_SIZE", "220")))

  def self.boot
    # config/initializers/gc_stats.rb (MB-77): GC.stat every 3 s as one JSON line
    log = Logger.new(File.join(ROOT, "log/gc_stats.log"))
    log.formatter = proc { |_s, _t, _p, m| "#{m}\n" }
    RackBase.gc_reporter(3) { |s| log.info(JSON.generate({ "time" => Time.now.utc.iso8601(3), "pid" => Process.pid, "host" => "mb-api-2", "stat" => s })) }
  end

  def self.app
    RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["GET", %r{\A/journeys\z}, "JourneysController#index", :journeys],
      ["GET", %r{\A/stops/(\w+)/departures\z}, "DeparturesController#index", :departures],
      ["GET", %r{\A/lines/(\w+)\z}, "LinesController#show", :line],
      ["GET", %r{\A/admin/exports/ridership\.csv\z}, "Admin::ExportsController#ridership", :ridership],
      ["GET", %r{\A/\z}, "HealthController#show", :health],
    ])
  end

  class Controllers
    def journeys(req, _id)
      from, to, at = req.params.values_at("from", "to", "at")
      plan = JOURNEYS.fetch([from, to, at]) do
        legs = Array.new(4) { |l| { "leg" => l, "line" => "X#{rand(1..60)}", "stops" => Array.new(40) { |s| "#{from}->#{to} leg#{l} stop#{s} dep #{at} platform #{rand(1..6)} accessible=yes" } } }
        { "legs" => legs, "fares" => Array.new(120) { |f| "fare #{f}: zone #{f % 9} adult #{rand(200..900) / 100.0} GBP child #{rand(100..450) / 100.0} GBP" } }
      end
      sleep 0.01
      [200, JSON.generate({ "legs" => plan["legs"].size, "fare" => plan["fares"].first }), 6.3]
    end

    def departures(_req, id)
      sleep 0.006
      [200, JSON.generate(Array.new(10) { |i| { "stop" => id, "line" => "X#{i}", "in" => i * 3 } }), 2.9]
    end

    def line(_req, id)
      sleep 0.008
      [200, "<h1>#{id}</h1>" + ("<li>stop</li>" * 50), 3.6]
    end

    # GET /admin/exports/ridership.csv: a month of tap-ons (~2.2M rows) written to a Tempfile, read back whole and
    # gzipped for send_data: ~100 MB of CSV plus the gzip in memory for the length of the request
    def ridership(_req, _id)
      Tempfile.create("ridership") do |io|
        2_200_000.times { |i| io.write("2026-11-#{i % 30 + 1},ST#{i % 900},X#{i % 60},#{i},adult,contactless\n") }
        io.flush
        io.rewind
        csv = io.read
        gz = Zlib.gzip(csv)
        [200, "#{csv.bytesize} bytes, #{gz.bytesize} gzipped", 880.0]
      end
    end

    def health(_req, _id)
      sleep 0.002
      [200, "ok", 0.2]
    end
  end
end
