# Ashgrove (conference check-in and badge printing): a Rack stand-in for its Rails 6.1 app on unicorn, Rails' default
# production.log (Started / Processing / Completed).
require "ashgrove/base"
require "ashgrove/badge_raster"
require "ashgrove/font_metrics_cache"

module Ashgrove
  ROOT = File.expand_path("..", __dir__)
  FIRST = %w[Ada Bram Cleo Dara Emil Fen Gus Hana Ivo Jun Kai Lena Milo Nia Otto Pia Rui Sana Theo Uma Vik Wren Yara Zed].freeze
  LAST = %w[Abbott Birch Cole Dunn Ellery Finch Grove Hale Ives Jory Kemp Lowe Marsh Nye Orr Pryce Quill Rook Shaw Thorne].freeze

  def self.start_gc_log
    f = File.open(File.join(ROOT, "log/gc.jsonl"), "a")
    f.sync = true
    RackBase.gc_reporter(4) { |s| f.puts(JSON.generate({ "at" => (Time.now.to_f * 1000).round, "pid" => Process.pid, "gc" => s })) }
  end

  class HeapDump
    def initialize(app) = @app = app

    def call(env)
      @app.call(env)
    ensure
      req = File.join(ROOT, "tmp/heapdump.request")
      if File.exist?(req) && File.read(req).strip == Process.pid.to_s
        File.delete(req) rescue nil
        GC.start(full_mark: true, immediate_sweep: true)
        path = File.join(ROOT, "log", "heap-#{Process.pid}-#{Time.now.to_i}.json")
        File.open(path + ".tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
        File.rename(path + ".tmp", path)
      end
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/events/(\d+)\z}, "EventsController#show", :event],
      ["GET", %r{\A/events/(\d+)/attendees\z}, "AttendeesController#index", :attendees],
      ["POST", %r{\A/badges/(\d+)/render\z}, "BadgesController#render_badge", :badge],
      ["POST", %r{\A/checkins\z}, "CheckinsController#create", :checkin],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def event(_req, id) = (sleep 0.01; [200, "<h1>Event #{id}</h1>" + ("<li>session</li>" * 50), 4.2])
    def checkin(_req, _id) = (sleep 0.012; [201, "checked in", 5.0])
    def home(_req, _id) = (sleep 0.003; [200, "<h1>Ashgrove</h1>", 0.4])

    def attendees(_req, id)
      rng = Random.new(id.to_i)
      rows = Array.new(40) do
        name = "#{FIRST.sample(random: rng)} #{LAST.sample(random: rng)} #{rng.rand(1..400)}"
        "<tr><td style='width:#{FontMetricsCache.width("Inter", 13, name).round}px'>#{name}</td></tr>"
      end
      sleep 0.01
      [200, "<table>#{rows.join}</table>", 7.7]
    end

    def badge(req, id)
      name = "#{FIRST[id.to_i % FIRST.size]} #{LAST[id.to_i % LAST.size]}"
      png = BadgeRaster.new(id).render(name)
      sleep 0.02
      [201, png, 2.9]
    end
  end
end
