# frozen_string_literal: true

# Parcelhub's web app (lograge key=value lines): tracking pages, the carrier webhook endpoint (enqueues
# CarrierWebhookJob), label downloads and the shipper dashboard.
require "parcelhub"
require "request_log"

module Parcelhub
  class Web
    def log
      @log ||= RequestLog.new(File.join(ROOT, "log/production.log"), :lograge_kv)
    end

    def call(env)
      verb = env["REQUEST_METHOD"]
      path = env["PATH_INFO"]
      route, work = case [verb, path]
                    in ["GET", %r{\A/track/(\w+)\z}]
                      code = $1
                      [{ action: "TrackingController#show", format: "HTML" }, -> { Parcelhub.tracking_history(code.sum, 20).to_json }]
                    in ["POST", %r{\A/webhooks/(\w+)\z}]
                      [{ action: "Webhooks::CarriersController#create", format: "JSON" }, -> { JSON.parse(env["BODY"]).size.to_s }]
                    in ["GET", %r{\A/shipments/(\d+)/label\z}]
                      [{ action: "LabelsController#show", format: "PDF" }, -> { ("%PDF-1.7 label " * 4_000).bytesize.to_s }]
                    in ["GET", "/dashboard"]
                      [{ action: "DashboardController#index", format: "HTML" },
                       -> { Array.new(2_000) { |i| "shipment #{i} #{i % 7}" }.join("<br>").bytesize.to_s }]
                    in ["GET", "/up"]
                      return [200, {}, ["ok"]]
                    else
                      return [404, {}, ["not found"]]
                    end
      route[:params] = {}
      log.around(env, route) { [200, { "content-type" => "text/html" }, [work.call]] }
    end
  end
end
