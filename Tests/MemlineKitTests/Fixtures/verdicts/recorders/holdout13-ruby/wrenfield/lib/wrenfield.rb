# Wrenfield (parcel courier: depots, shipments, tracking): a Rack stand-in for its Rails 7.0 app on puma, Rails' tagged
# production.log (request id tag after the Logger prefix).
require "wrenfield/base"
require "json"

module Wrenfield
  ROOT = File.expand_path("..", __dir__)

  # WF-297: remember every barcode a carrier batch reported, with its last event, so a replayed batch can be told from a
  # new one (dedupe by batch id). Meant to keep the last hour; the pruning job was never scheduled.
  module ScanAudit
    SEEN = {}
    LOCK = Mutex.new
    def self.record(batch_id, scans)
      seen = {}
      scans.each { |barcode, event, depot, bay| seen[barcode] = (event << 24) | (depot << 8) | bay }
      LOCK.synchronize { SEEN[batch_id] = seen }
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["GET", %r{\A/shipments/(\d+)\z}, "ShipmentsController#show", :shipment],
      ["GET", %r{\A/tracking/([A-Z0-9]+)\z}, "TrackingController#show", :tracking],
      ["GET", %r{\A/depots/(\d+)\z}, "DepotsController#show", :depot],
      ["GET", %r{\A/manifests/(\d+)\.pdf\z}, "ManifestsController#show", :manifest],
      ["POST", %r{\A/webhooks/carrier_scans\z}, "Webhooks::CarrierScansController#create", :carrier_scans],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    PAGE_FILL = ("\0" * 9_000).freeze

    def shipment(_req, id) = (sleep 0.012; [200, "<h1>Shipment #{id}</h1>" + ("<tr><td>event</td></tr>" * 60), 5.2])
    def tracking(_req, id) = (sleep 0.006; [200, "<p>#{id}: out for delivery</p>", 2.1])
    def depot(_req, id) = (sleep 0.009; [200, "<h1>Depot #{id}</h1>" + ("<li>bay</li>" * 40), 3.3])
    def home(_req, _id) = (sleep 0.003; [200, "<h1>Wrenfield</h1>", 0.6])

    def carrier_scans(req, _id)
      batch = JSON.parse(req.body.read)
      ScanAudit.record("#{batch["carrier"]}:#{batch["batch"]}", batch["scans"])
      sleep 0.015
      [202, "accepted", 3.9]
    end

    # the driver's route manifest: every stop with its parcels, rendered to a "PDF" in memory (WF-140)
    def manifest(_req, id)
      stops = Array.new(1_800) do |s|
        { "stop" => s, "address" => "#{s} Wrenfield Road, unit #{id}", "parcels" => Array.new(6) { |p| "WF#{id}#{s}#{p} 1.#{p}kg signature:#{p.odd?}" } }
      end
      pdf = +"%PDF-1.4\n"
      stops.each { |st| pdf << st["address"] << "\n" << st["parcels"].join("\n") << PAGE_FILL << "\n" }
      [200, "#{pdf.bytesize} bytes", 41.0]
    end
  end
end
