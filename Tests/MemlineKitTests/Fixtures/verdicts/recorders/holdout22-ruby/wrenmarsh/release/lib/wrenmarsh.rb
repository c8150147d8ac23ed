# Wrenmarsh (regional parcel carrier, customer site and tracking API): controllers as a Rack stand-in writing the
# classic Rails production.log (Started / Processing / Completed after the Ruby Logger prefix) into shared/log.
require "standin"
require "wrenmarsh/timeline"
require "wrenmarsh/help"

module Wrenmarsh
  ROOT = File.expand_path("..", __dir__)
  SHARED = "/srv/wrenmarsh/shared"
  REVISION = File.read(File.join(ROOT, "REVISION")).strip rescue "unknown"
  DEPOTS = %w[Avonmouth Daventry Warrington Bellshill Thurrock Castle\ Donington Crick Normanton]

  module Controllers
    module_function

    def shipment(_req, id, _env)
      sleep 0.025
      [200, "<h1>Shipment WM#{id}</h1><p>#{DEPOTS[id.to_i % DEPOTS.size]}</p>" + "<li>scan</li>" * 40, 5.3]
    end

    def timeline(req, id, _env)
      sleep 0.02
      [200, Timeline.render(id.to_i, req.get_header("HTTP_ACCEPT_LANGUAGE") || "en-GB"), 7.7]
    end

    def quote(_req, _id, _env)
      sleep 0.04
      [201, "{\"price\":#{rand(400..2400) / 100.0}}", 11.2]
    end

    def help(_req, _id, _env) = (sleep 0.01; [200, Help.page, 1.1])
    def depots(_req, _id, _env) = (sleep 0.015; [200, DEPOTS.map { |d| "<li>#{d}</li>" }.join, 2.4])
    def healthz(_req, _id, _env) = [200, "ok #{REVISION}", 0.0]
  end

  ROUTES = [
    ["GET", %r{\A/shipments/(\d+)\z}, "ShipmentsController#show", :shipment],
    ["GET", %r{\A/api/shipments/(\d+)/timeline\z}, "Api::TimelinesController#show", :timeline],
    ["POST", %r{\A/quotes\z}, "QuotesController#create", :quote],
    ["GET", %r{\A/help\z}, "PagesController#help", :help],
    ["GET", %r{\A/depots\z}, "DepotsController#index", :depots],
    ["GET", %r{\A/healthz\z}, "HealthController#show", :healthz],
  ]

  def self.app = Standin::App.new(root: ROOT, routes: ROUTES, style: :rails, target: Controllers,
                                  log_path: File.join(SHARED, "log/production.log"))
end
