require "rack"
Dir[File.join(Ticketwell::ROOT, "app/models/**/*.rb")].sort.each { |f| require f }
require File.join(Ticketwell::ROOT, "app/controllers/application_controller")
Dir[File.join(Ticketwell::ROOT, "app/controllers/**/*.rb")].sort.each { |f| require f }

module Ticketwell
  class Router
    ROUTES = [
      ["GET", %r{\A/events\z}, "EventsController", :index, "HTML"],
      ["GET", %r{\A/events/(?<id>\d+)\z}, "EventsController", :show, "HTML"],
      ["GET", %r{\A/events/(?<id>\d+)/availability\z}, "AvailabilityController", :show, "JSON"],
      ["GET", %r{\A/venues/(?<id>\d+)\z}, "VenuesController", :show, "HTML"],
      ["GET", %r{\A/cart\z}, "CartsController", :show, "HTML"],
      ["POST", %r{\A/checkout/promo\z}, "Checkout::PromoCodesController", :create, "JSON"],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      route = ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      return [404, { "content-type" => "text/plain" }, ["Not Found"]] unless route
      _, re, controller, action, fmt = route
      params = req.GET.merge(req.POST)
      (re.match(req.path_info).named_captures || {}).each { |k, v| params[k] = v }
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      Ticketwell.logger.tagged(rid) do
        Object.const_get(controller).new(req, params, controller, action, fmt).dispatch
      end
    end
  end
end
