# Brindlecombe (holiday cottages: rooms, availability calendars, bookings, the owners' occupancy report): a Rack
# stand-in for its Rails 6.1 app on unicorn, Rails' tagged production.log (Logger prefix, request-id tag).
require "brindlecombe/base"

module Brindlecombe
  ROOT = File.expand_path("..", __dir__)

  def self.start_gc_log(nr)
    log = Logger.new(File.join(ROOT, "log/gc_stat.log"))
    RackBase.gc_reporter(3) { |s| log.info(JSON.generate({ "time" => Time.now.utc.iso8601(3), "pid" => Process.pid, "worker" => nr, "gc_stat" => s })) }
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["GET", %r{\A/rooms/(\d+)\z}, "RoomsController#show", :room],
      ["GET", %r{\A/availability\z}, "AvailabilityController#index", :availability],
      ["POST", %r{\A/bookings\z}, "BookingsController#create", :booking],
      ["GET", %r{\A/reports/occupancy\z}, "Reports::OccupancyController#show", :occupancy],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def room(_req, id)
      photos = Array.new(600) { |i| "<img src='/p/#{id}/#{i}.jpg' alt='cottage #{id} photo #{i} #{"sea view " * 4}'>" }
      sleep 0.01
      [200, "<h1>Cottage #{id}</h1>#{photos.join}"[0, 200], 4.4]
    end

    def availability(req, _id)
      days = Array.new(2_500) { |i| { "cottage" => i % 120, "day" => "#{req.params["from"]}+#{i / 120}", "free" => i.odd?, "rate" => (i * 1.7).round(2) } }
      sleep 0.012
      [200, JSON.generate(days)[0, 200], 9.3]
    end

    def booking(_req, _id)
      draft = Array.new(1_500) { |i| "line #{i}: cleaning fee, linen, #{"deposit " * 3}" }
      sleep 0.02
      [201, "booked #{draft.size}", 6.1]
    end

    def home(_req, _id) = (sleep 0.004; [200, "<h1>Brindlecombe</h1>" + ("<li>featured</li>" * 30), 1.2])

    # the owners' occupancy report: a slow aggregate query (1.5-3 s) and a modest table, on whichever worker accepts it
    def occupancy(_req, _id)
      sleep 1.5 + rand * 1.5
      rows = Array.new(300) { |i| "<tr><td>cottage #{i}</td><td>#{rand(100)}%</td></tr>" }
      [200, "<table>#{rows.join}</table>"[0, 200], 2400.0]
    end
  end
end
