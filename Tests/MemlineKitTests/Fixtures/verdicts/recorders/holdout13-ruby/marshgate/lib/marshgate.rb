# Marshgate (harbour ferry tickets): a Rack stand-in for its Rails 7.0 app on unicorn, Rails' default production.log
# (Logger prefix with pid), the CONSUME MEMORY around filter and a GC.stat Logger thread per worker (log/gc.log).
require "marshgate/base"

module Marshgate
  ROOT = File.expand_path("..", __dir__)

  # MG-12: rendered sailing fragments (seat map, fares, notices, deck plan, cabins, meals), per worker, LRU capped at 150 entries. Fragments vary
  # from 6 to 120 KB, so the malloc heap is a patchwork once the cache turns over.
  class FragmentCache
    CAP = Integer(ENV.fetch("MG_FRAGMENT_CAP", "150"))
    def initialize = (@h = {})
    def fetch(key)
      if (v = @h.delete(key)) then return @h[key] = v end
      v = yield
      @h[key] = v
      @h.delete(@h.first[0]) while @h.size > CAP
      v
    end
  end
  FRAGMENTS = FragmentCache.new

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/sailings/(\d+)\z}, "SailingsController#show", :sailing],
      ["GET", %r{\A/timetable\z}, "TimetablesController#show", :timetable],
      ["POST", %r{\A/bookings\z}, "BookingsController#create", :create_booking],
      ["GET", %r{\A/bookings/(\d+)\z}, "BookingsController#show", :booking],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def sailing(_req, id)
      frag = %w[seatmap fares notices deck cabins meals].map do |part|
        sailing = id.to_i % 24 # the day's 24 sailings
        FRAGMENTS.fetch("#{part}-#{sailing}") do
          size = 6_000 + (sailing * 7_919 + part.sum * 104_729) % 114_000
          "<div class=#{part} data-sailing=#{sailing}>" + ("s" * size) + "</div>"
        end
      end.join
      tmp = Array.new(300) { |i| "fare #{id}-#{i} " * (1 + i % 9) }
      sleep 0.012
      [200, frag[0, 200] + tmp.size.to_s, 5.9]
    end

    def timetable(req, _id)
      route = req.params["route"].to_s
      frag = FRAGMENTS.fetch("tt-#{route}-#{Time.now.min}") { "<table data-route=#{route}>" + ("<tr><td>07:15</td></tr>" * 900) + "</table>" }
      sleep 0.008
      [200, frag[0, 100], 3.4]
    end

    def create_booking(req, _id) = (req.body.read; sleep 0.025; [302, "", 12.8])
    def booking(_req, id) = (sleep 0.01; [200, "<h1>Booking #{id}</h1>", 4.1])
    def home(_req, _id) = (sleep 0.003; [200, "<h1>Marshgate ferries</h1>", 0.4])
  end

  def self.start_gc_log
    Thread.new do
      l = Logger.new(File.join(ROOT, "log/gc.log"), progname: "gc")
      loop { l.info(GC.stat.inspect); sleep 5 }
    end
  end
end
