# Larchwater (holiday cabins: cabins, availability, reservations, an owners' bookings export): a Rack stand-in for its
# Rails 7.0 app on puma cluster mode, writing lograge JSON lines with time, pid and request_id (log/production.log).
require "larchwater/base"

module Larchwater
  ROOT = File.expand_path("..", __dir__)

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_json, target: Controllers.new, routes: [
      ["GET", %r{\A/cabins/(\d+)\z}, "CabinsController#show", :cabin],
      ["GET", %r{\A/availability\z}, "AvailabilityController#index", :availability],
      ["POST", %r{\A/reservations\z}, "ReservationsController#create", :reserve],
      ["GET", %r{\A/exports/bookings\.csv\z}, "Owners::BookingsExportsController#show", :export],
      ["GET", %r{\A/healthcheck\z}, "HealthcheckController#show", :up],
    ])
  end

  class Controllers
    def cabin(_req, id) = (sleep 0.012; [200, "<h1>Cabin #{id}</h1>" + ("<li>amenity</li>" * 14), 3.9])
    def availability(_req, _id) = (sleep 0.02; [200, Array.new(28) { |i| "<td>day #{i}</td>" }.join, 10.6])
    def reserve(_req, _id) = (sleep 0.03; [201, "{\"reservation\":#{rand(10**7)}}", 13.2])
    def up(_req, _id) = [200, "ok", 0.0]

    # the owners' bookings export: a season of bookings rendered into one CSV buffer (plus the gzipped copy sent), dropped
    def export(_req, _id)
      n = 60_000 + rand(90_000)
      csv = String.new(capacity: n * 96)
      n.times { |i| csv << format("%d,cabin-%d,%s,%s,%.2f,%s\n", 700_000 + i, i % 340, "2026-%02d-%02d" % [1 + i % 12, 1 + i % 28], "guest-#{i * 7}", i * 1.91 % 1600, "x" * 40) }
      copy = csv.dup.tr("x", "y")
      sleep 0.06
      [200, "#{csv.bytesize},#{copy.bytesize}", 48.0]
    end
  end
end
