# Larchmont (leisure centre memberships): a Rack stand-in for its Rails 7.0 app on puma, lograge JSON production.log
# (time, pid, allocations), the CONSUME MEMORY around filter (log/memory.log) and config/initializers/gc_stat.rb: each
# worker logs GC.stat as JSON through a Ruby Logger (progname gc_stat) every 4 s into log/gc_stat.log.
require "larchmont/base"
require "json"

module Larchmont
  ROOT = File.expand_path("..", __dir__)

  # LM-41: rendered member cards (photo strip, bookings, entitlements) kept per worker, LRU capped at 220 cards.
  class CardCache
    CAP = 220
    def initialize = (@h = {}; @lock = Mutex.new)
    def fetch(key)
      @lock.synchronize do
        if (v = @h.delete(key)) then return @h[key] = v end
        v = yield
        @h[key] = v
        @h.delete(@h.first[0]) while @h.size > CAP
        v
      end
    end
  end
  CARDS = CardCache.new

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_json, target: Controllers.new, routes: [
      ["GET", %r{\A/members/(\d+)\z}, "MembersController#show", :member],
      ["GET", %r{\A/events/(\d+)\z}, "EventsController#show", :event],
      ["POST", %r{\A/bookings\z}, "BookingsController#create", :booking],
      ["GET", %r{\A/admin/exports/members\.csv\z}, "Admin::MemberExportsController#index", :export],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def member(_req, id)
      card = CARDS.fetch(id.to_i % 40_000) do
        { "html" => "<div class=card>member #{id}</div>" + ("<img src=data:image/png;base64,#{"iVBORw0KGgo" * 4}>" * 600),
          "bookings" => Array.new(120) { |i| "booking #{id}-#{i} swim lane #{i % 6}" } }
      end
      sleep 0.01
      [200, card["html"][0, 300], 6.4]
    end

    def event(_req, id) = (sleep 0.009; [200, "<h1>Event #{id}</h1>" + ("<li>slot</li>" * 80), 4.0])
    def booking(req, _id) = (req.body.read; sleep 0.02; [302, "", 9.1])
    def home(_req, _id) = (sleep 0.004; [200, "<h1>Larchmont</h1>", 0.7])

    # every member ever, one CSV String (LM-52: stream it one day)
    def export(_req, _id)
      csv = +"id,name,tier,joined,visits\n"
      1_900_000.times { |i| csv << "#{i},member #{i},#{%w[gold silver swim gym][i % 4]},20#{10 + i % 16}-0#{1 + i % 9}-1#{i % 10},#{i % 311}\n" }
      [200, "#{csv.bytesize} bytes", 2210.0]
    end
  end

  def self.start_gc_log
    Thread.new do
      l = Logger.new(File.join(ROOT, "log/gc_stat.log"), progname: "gc_stat")
      loop { l.info(JSON.generate(GC.stat)); sleep 4 }
    end
  end
end
