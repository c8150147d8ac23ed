# Skelwith (lake ferries and coach links: timetable site and fares API), controllers as a Rack stand-in writing the
# classic Rails production.log into shared/log. Feature flags come from shared/config/flags.yml (FlagSet).
require "stand"
require "skelwith/flags"
require "skelwith/fare_matrix"
require "skelwith/timetable"

module Skelwith
  ROOT = File.expand_path("..", __dir__)
  SHARED = "/srv/skelwith/shared"
  REVISION = (File.read(File.join(ROOT, "REVISION")).strip rescue "unknown")
  PIERS = %w[Waterhead Ambleside Bowness Lakeside Wray Pooley\ Bridge Glenridding Howtown Keswick Derwent\ Isle]

  module Controllers
    module_function

    def fare(req, md)
      sleep 0.02
      [200, FareMatrix.quote(md[:route], req.GET["date"] || "2026-12-19", req.get_header("stand.request_id")), 6.4]
    end

    def sailing(_req, md)
      sleep 0.03
      [200, "<h1>Sailing #{md[:id]}</h1>" + PIERS.map { |p| "<li>#{p} #{rand(8..18)}:#{rand(10..59)}</li>" }.join * 3, 8.1]
    end

    def timetable(_req, md) = (sleep 0.025; [200, Timetable.page(md[:slug]), 4.2])
    def booking(_req, _md) = (sleep 0.045; [201, "{\"booking\":\"SK#{rand(10**7)}\"}", 12.6])
    def piers(_req, _md) = (sleep 0.01; [200, PIERS.join(","), 1.3])
    def up(_req, _md) = [200, "ok #{REVISION}", 0.0]
  end

  ROUTES = [
    ["GET", %r{\A/api/fares/(?<route>[a-z0-9-]+)/quote\z}, "Api::FaresController#quote", :fare],
    ["GET", %r{\A/sailings/(?<id>\d+)\z}, "SailingsController#show", :sailing],
    ["GET", %r{\A/timetables/(?<slug>[a-z-]+)\z}, "TimetablesController#show", :timetable],
    ["POST", %r{\A/bookings\z}, "BookingsController#create", :booking],
    ["GET", %r{\A/piers\z}, "PiersController#index", :piers],
    ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
  ]

  def self.app
    a = Stand::App.new(log_path: File.join(SHARED, "log/production.log"), routes: ROUTES, style: :rails, target: Controllers)
    Flags.logger = -> { a.logger }
    a
  end
end
