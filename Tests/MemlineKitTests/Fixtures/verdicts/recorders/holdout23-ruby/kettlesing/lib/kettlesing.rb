# Kettlesing (concert and festival tickets): Rack stand-in writing Rails' tagged production.log ([request_id]).
require "stand"
require "json"

module Kettlesing
  ROOT = File.expand_path("..", __dir__)
  RELEASE = (File.read(File.join(ROOT, "RELEASE")).strip rescue "unknown")
  VENUES = %w[corn-exchange drill-hall the-maltings st-georges-hall riverside-arena old-fire-station kings-hall]

  # Rendered seat plans, an LRU bounded at 40 venue/date pairs (~60 KB each).
  module PlanCache
    MAX = 40
    @cache = {}
    def self.fetch(key)
      if (v = @cache.delete(key)) then return @cache[key] = v end
      @cache.shift while @cache.size >= MAX
      @cache[key] = yield
    end
  end

  module Controllers
    module_function

    def event(_req, md) = (sleep 0.02; [200, "<h1>Event #{md[:id]}</h1>" + "<p>line-up</p>" * 30, 5.2])

    def seatplan(_req, md)
      sleep 0.015
      plan = PlanCache.fetch("#{md[:slug]}/#{rand(1..12)}") { Array.new(60) { |r| "row#{r}:" + "o" * 900 } }
      [200, "<svg>#{plan.size} rows</svg>", 2.9]
    end

    def order(_req, _md) = (sleep 0.05; [201, JSON.generate({ "order" => "KS#{rand(10**8)}" }), 14.8])
    def search(req, _md) = (sleep 0.035; [200, "results for #{req.GET["q"]}", 11.0])

    # GET /promoters/:id/attendance.csv: a promoter's attendance report, every scan of the season built in memory
    def attendance(_req, md)
      scans = Array.new(200_000) { |i| "#{i},T#{md[:id]}-#{i * 31 % 99_991},gate-#{i % 9},2026-11-#{format("%02d", i % 28 + 1)}T20:#{format("%02d", i % 60)}" }
      csv = "scan,ticket,gate,at\n" + scans.join("\n")
      sleep 0.1
      [200, "bytes=#{csv.bytesize}", 96.0]
    end

    def up(_req, _md) = [200, "ok #{RELEASE}", 0.0]
  end

  ROUTES = [
    ["GET", %r{\A/events/(?<id>\d+)\z}, "EventsController#show", :event],
    ["GET", %r{\A/venues/(?<slug>[a-z-]+)/seatplan\z}, "SeatPlansController#show", :seatplan],
    ["POST", %r{\A/orders\z}, "OrdersController#create", :order],
    ["GET", %r{\A/search\z}, "SearchController#index", :search],
    ["GET", %r{\A/promoters/(?<id>\d+)/attendance\.csv\z}, "Promoters::AttendanceController#show", :attendance],
    ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
  ]

  def self.app = Stand::App.new(log_path: File.join(ROOT, "log/production.log"), routes: ROUTES, style: :tagged, target: Controllers)
end
