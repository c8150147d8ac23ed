# Kestrelmoor (ferry bookings: sailings, bookings, manifests, passenger document uploads): a Rack stand-in for its
# Rails 6.1 app on puma single mode, writing the Rails production.log with oink's per-request memory lines
# (Oink::Middleware: Memory usage: <RSS KB> | PID: <pid>).
require "kestrelmoor/base"

module Kestrelmoor
  ROOT = File.expand_path("..", __dir__)
  RackBase.heap_trace!(ROOT, "kestrelmoor-%<n>d.heap")

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails_oink, target: Controllers.new, routes: [
      ["GET", %r{\A/sailings\z}, "SailingsController#index", :sailings],
      ["GET", %r{\A/bookings/(\d+)\z}, "BookingsController#show", :booking],
      ["POST", %r{\A/bookings\z}, "BookingsController#create", :book],
      ["GET", %r{\A/manifests/(\d+)\z}, "ManifestsController#show", :manifest],
      ["POST", %r{\A/bookings/(\d+)/documents\z}, "DocumentsController#create", :upload],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
    ])
  end

  class Controllers
    def sailings(_req, _id) = (sleep 0.02; [200, Array.new(30) { |i| "<tr><td>sailing #{i}</td><td>#{rand(400)} seats</td></tr>" }.join, 11.4])
    def booking(_req, id) = (sleep 0.012; [200, "<h1>Booking #{id}</h1>" + ("<li>passenger</li>" * 6), 3.1])
    def book(_req, _id) = (sleep 0.03; [201, "{\"booking\":#{rand(10**7)}}", 14.0])
    def manifest(_req, id) = (sleep 0.018; [200, "<h1>Manifest #{id}</h1>" + ("<tr><td>pax</td></tr>" * 60), 8.8])
    def up(_req, _id) = [200, "ok", 0.0]

    # passport / visa scans: the upload is read into one buffer, base64-decoded, thumbnailed and virus-scanned, then
    # stored; every step makes a full copy (18-40 MB per request), all dropped when the request ends
    def upload(_req, id)
      size = (18 + rand(22)) * 1024 * 1024
      raw = "A" * size
      decoded = raw.unpack1("m")
      scanned = raw.tr("A", "B")
      thumb = decoded.byteslice(0, 4096)
      sleep 0.08
      [201, "{\"document\":#{id},\"bytes\":#{raw.bytesize},\"thumb\":#{thumb.bytesize},\"scan\":#{scanned.bytesize}}", 5.2]
    end
  end
end
