module Meterly
  class Router
    ROUTES = [
      ["GET", %r{\A/api/v1/meters/(?<id>\d+)/readings\z}, "Api::V1::ReadingsController", :index],
      ["POST", %r{\A/api/v1/readings\z}, "Api::V1::ReadingsController", :create],
      ["GET", %r{\A/api/v1/meters/(?<id>\d+)\z}, "Api::V1::MetersController", :show],
      ["GET", %r{\A/api/v1/tariffs\z}, "Api::V1::TariffsController", :index],
      ["GET", %r{\A/api/v1/reports/consumption\z}, "Api::V1::ConsumptionReportsController", :show],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      route = ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      return [404, { "content-type" => "text/plain" }, ["Not Found"]] unless route
      _, re, controller, action = route
      params = req.GET.merge(req.POST)
      (re.match(req.path_info).named_captures || {}).each { |k, v| params[k] = v }
      Object.const_get(controller).new(req, params, controller, action).dispatch
    end
  end
end
