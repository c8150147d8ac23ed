# Kestrelmoor (e-bike rentals across 60 docking stations): a Rack stand-in for its Rails 7.1 app on puma, lograge
# key=value lines on stdout (RAILS_LOG_TO_STDOUT), as Heroku's drain carries them.
require "kestrelmoor/base"
$stdout.sync = true

module Kestrelmoor
  ROOT = File.expand_path("..", __dir__)

  # the dock graph every request routes through, loaded at boot (~280 MB: 60 stations x their reachability tiles)
  module DockGraph
    TILES = Array.new(280) { |i| ("k#{i}" * 4).ljust(1024 * 1024, "-") }
  end

  # KM-77: a quote is re-requested when the rider changes the return dock, so the rendered price matrix (every dock x
  # every half hour of the rental) is memoised by quote id. There is no expiry: quote ids never repeat.
  module QuoteMemo
    STORE = {}
    LOCK = Mutex.new
    def self.fetch(id)
      LOCK.synchronize { STORE[id] } || begin
        matrix = Array.new(60) { |d| Array.new(48) { |h| format("%02d:%02d dock-%02d %6.2f EUR %s", h / 2, h.odd? ? 30 : 0, d, 3.5 + d * 0.11 + h * 0.4, "avail" * 200) }.join(";") }.join("\n")
        LOCK.synchronize { STORE[id] = matrix }
      end
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_kv_stdout, target: Controllers.new, routes: [
      ["GET", %r{\A/docks/(\d+)\z}, "DocksController#show", :dock],
      ["GET", %r{\A/bikes/(\d+)\z}, "BikesController#show", :bike],
      ["POST", %r{\A/rentals/(\d+)/quotes\z}, "QuotesController#create", :quote],
      ["POST", %r{\A/rentals\z}, "RentalsController#create", :rental],
      ["GET", %r{\A/reports/fleet-usage\.csv\z}, "Reports::FleetUsageController#show", :fleet_usage],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
    ])
  end

  class Controllers
    def dock(_req, id) = (sleep 0.008; [200, "<h1>Dock #{id}</h1>" + ("<li>bike</li>" * 30), 3.1])
    def bike(_req, id) = (sleep 0.005; [200, "{\"bike\":#{id},\"battery\":#{rand(100)}}", 1.4])
    def rental(_req, _id) = (sleep 0.02; [201, "{\"rental\":#{rand(10**6)}}", 6.2])
    def up(_req, _id) = [200, "ok", 0.0]

    def quote(_req, id)
      m = QuoteMemo.fetch("q-#{id}-#{SecureRandom.hex(4)}")
      sleep 0.015
      [201, "{\"quote\":#{id},\"docks\":60,\"size\":#{m.bytesize}}", 4.4]
    end

    # KM-51: the operations team's monthly fleet usage (every ride of every bike), streamed as one CSV body
    def fleet_usage(_req, _id)
      rows = Array.new(700_000) { |i| "#{i},bike-#{i % 1800},dock-#{i % 60},dock-#{(i * 7) % 60},#{i % 97} min,#{(i % 13) * 0.5} EUR" }
      csv = rows.join("\n")
      rows = nil
      sleep 2
      [200, csv, 820.0]
    end
  end
end
