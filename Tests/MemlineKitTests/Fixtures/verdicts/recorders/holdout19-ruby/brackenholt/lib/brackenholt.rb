# Brackenholt (regional parcel carrier: parcels, depots, collections, monthly statements, the dispatch board's live
# feed): a Rack stand-in for its Rails 6.1 app on unicorn, writing the classic production.log and CONSUME MEMORY lines.
require "brackenholt/base"

module Brackenholt
  ROOT = File.expand_path("..", __dir__)
  REVISION = (File.read(File.join(ROOT, "REVISION")).strip rescue "unknown")

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/parcels/(\d+)\z}, "ParcelsController#show", :parcel],
      ["GET", %r{\A/depots\z}, "DepotsController#index", :depots],
      ["POST", %r{\A/collections\z}, "CollectionsController#create", :collect],
      ["GET", %r{\A/statements/(\d+)\.pdf\z}, "StatementsController#show", :statement],
      ["GET", %r{\A/events/poll\z}, "DispatchEventsController#poll", :poll],
      ["GET", %r{\A/ping\z}, "PingController#show", :up],
    ])
  end

  # The dispatch board's replay window: the last 70,000 depot events, loaded on the first poll a worker serves and then
  # kept as a fixed-size ring (each poll appends what arrived and drops as many old ones). Only worker 3 serves polls.
  module ReplayWindow
    SIZE = 70_000
    def self.event(i) = format("%09d|depot-%02d|%s|%s", i, i % 23, %w[scanned loaded out_for_delivery delivered][i % 4], "e" * 560)
    def self.ring
      @ring ||= begin
        @seq = 0
        Array.new(SIZE) { event(@seq += 1) }
      end
    end

    def self.advance(n)
      r = ring
      n.times { r.shift; r << event(@seq += 1) }
      r.size
    end
  end

  class Controllers
    def parcel(_req, id) = (sleep 0.012; [200, "<h1>Parcel #{id}</h1>" + ("<li>scan</li>" * 9), 3.2])
    def depots(_req, _id) = (sleep 0.018; [200, Array.new(23) { |i| "<tr><td>depot #{i}</td></tr>" }.join, 6.6])
    def collect(_req, _id) = (sleep 0.03; [201, "{\"collection\":#{rand(10**7)}}", 12.1])
    def up(_req, _id) = [200, "ok", 0.0]

    # a customer's monthly statement PDF: every parcel line of the month laid out (~5 MB of strings), then dropped
    def statement(_req, id)
      lines = Array.new(11_000) { |i| format("%s  %-24s  %8.2f  %s", "PCL#{id}#{i}", "zone-#{i % 9}", i * 0.37 % 40, "s" * 380) }
      pdf = lines.join("\n")
      sleep 0.05
      [200, "%PDF-1.4 #{pdf.bytesize}", 61.0]
    end

    # long poll: wait up to ~2.5 s for new events
    def poll(_req, _id)
      ReplayWindow.ring
      waited = 0
      until waited >= 2.5 || rand < 0.08
        sleep 0.25
        waited += 0.25
      end
      n = ReplayWindow.advance(20 + rand(40))
      [200, "{\"events\":#{n}}", 0.9]
    end
  end
end
