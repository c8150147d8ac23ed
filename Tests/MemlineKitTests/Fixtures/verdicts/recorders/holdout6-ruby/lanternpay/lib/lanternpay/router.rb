require File.join(Lanternpay::ROOT, "app/controllers/application_controller")
Dir[File.join(Lanternpay::ROOT, "app/controllers/*.rb")].sort.each { |f| require f }

module Lanternpay
  class Router
    ROUTES = [
      ["GET", %r{\A/\z}, "DashboardController", :show, "HTML"],
      ["GET", %r{\A/employees/(?<id>\d+)\z}, "EmployeesController", :show, "HTML"],
      ["GET", %r{\A/payslips/(?<id>\d+)\z}, "PayslipsController", :show, "HTML"],
      ["GET", %r{\A/payslips/(?<id>\d+)/preview\z}, "PayslipsController", :preview, "HTML"],
      ["POST", %r{\A/timesheets\z}, "TimesheetsController", :create, "JSON"],
      ["GET", %r{\A/reports/headcount\z}, "ReportsController", :headcount, "HTML"],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      route = ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      return [404, { "content-type" => "text/plain" }, ["Not Found"]] unless route
      _, re, controller, action, fmt = route
      params = req.GET.merge(req.POST)
      (re.match(req.path_info).named_captures || {}).each { |k, v| params[k] = v }
      Object.const_get(controller).new(req, params, controller, action, fmt).dispatch
    end
  end
end
