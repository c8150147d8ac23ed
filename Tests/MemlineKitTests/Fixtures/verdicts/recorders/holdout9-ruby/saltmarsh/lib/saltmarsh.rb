# Saltmarsh (holiday cottage lettings on the coast): a Rack stand-in for its Rails 7.0 app (default production.log).
require "saltmarsh/base"
require "saltmarsh/gazetteer"

module Saltmarsh
  ROOT = File.expand_path("..", __dir__)

  def self.after_fork(_nr)
    # config/initializers/heap_dump.rb: HEAP_TRACE=1 traces allocations; dumps land in log/heap-<pid>-<n>.json
    RackBase.heap_trace!(ROOT, "heap-%<pid>d-%<n>d.json") if ENV["HEAP_TRACE"] == "1"
  end

  def self.app
    RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/cottages/(\d+)\z}, "CottagesController#show", :cottage],
      ["GET", %r{\A/availability\z}, "AvailabilityController#index", :availability],
      ["POST", %r{\A/bookings\z}, "BookingsController#create", :booking],
      ["GET", %r{\A/near/(\w+)\z}, "NearbyController#index", :near],
      ["GET", %r{\A/admin/reports/occupancy\z}, "Admin::OccupancyReportsController#show", :occupancy],
    ])
  end

  class Controllers
    def cottage(_req, id)
      sleep 0.008
      [200, "<h1>Cottage #{id}</h1>" + ("<img src=x>" * 30), 2.8]
    end

    def availability(req, _id)
      days = Array.new(90) { |i| { "d" => i, "free" => (i * req.params["c"].to_i) % 3 != 0 } }
      sleep 0.012
      [200, JSON.generate(days), 6.6]
    end

    def booking(req, _id)
      req.body.read
      sleep 0.02
      [201, "{}", 11.0]
    end

    # GET /near/:postcode: postcode centroid from the gazetteer (warms a capped LRU)
    def near(_req, id)
      c = Gazetteer.lookup(id)
      sleep 0.006
      [200, JSON.generate(c), 1.9]
    end

    # GET /admin/reports/occupancy: every night of every cottage for three seasons, in memory
    def occupancy(_req, _id)
      rows = Array.new(900_000) { |i| "#{i % 1400};2026-#{(i / 1400) % 12 + 1}-#{i % 28 + 1};#{%w[booked free owner][i % 3]};#{i * 7 % 1000}" }
      [200, rows.join("\n").bytesize.to_s, 120.0]
    end
  end
end
