module Copperleaf
  class Router
    ROUTES = [
      ["GET", %r{\A/\z}, "DashboardController", :show, "HTML"],
      ["GET", %r{\A/invoices\z}, "InvoicesController", :index, "HTML"],
      ["GET", %r{\A/invoices/(?<id>\d+)\z}, "InvoicesController", :show, "HTML"],
      ["GET", %r{\A/ledgers/(?<id>\d+)\z}, "LedgersController", :show, "HTML"],
      ["GET", %r{\A/ledgers/(?<id>\d+)/export\.csv\z}, "LedgersController", :export, "CSV"],
      ["POST", %r{\A/receipts\z}, "ReceiptsController", :create, "JSON"],
      ["GET", %r{\A/bank_accounts/(?<id>\d+)/transactions\z}, "BankAccountsController", :transactions, "JSON"],
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
