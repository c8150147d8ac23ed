Dir[File.join(Tallybook::ROOT, "app/services/*.rb")].sort.each { |f| require f }
require File.join(Tallybook::ROOT, "app/controllers/application_controller")
Dir[File.join(Tallybook::ROOT, "app/controllers/**/*.rb")].sort.each { |f| require f }

module Tallybook
  class Router
    ROUTES = [
      ["GET", %r{\A/invoices\z}, "InvoicesController", :index, "html"],
      ["GET", %r{\A/invoices/(?<id>\d+)\z}, "InvoicesController", :show, "html"],
      ["POST", %r{\A/invoices/(?<invoice_id>\d+)/payments\z}, "PaymentsController", :create, "json"],
      ["GET", %r{\A/customers/(?<id>\d+)\z}, "CustomersController", :show, "html"],
      ["GET", %r{\A/dashboard\z}, "DashboardController", :show, "html"],
      ["POST", %r{\A/imports/bank_statements\z}, "BankStatementImportsController", :create, "json"],
      ["GET", %r{\A/api/v2/tenants/(?<slug>[a-z0-9-]+)/tax_summary\z}, "Api::V2::TaxSummariesController", :show, "json"],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      route = self.class::ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      return ApplicationController.not_found(req) unless route
      _, re, controller, action, fmt = route
      params = req.GET.merge(req.POST)
      (re.match(req.path_info).named_captures || {}).each { |k, v| params[k] = v }
      Object.const_get(controller).new(req, params, controller, action, fmt).dispatch
    end
  end
end
