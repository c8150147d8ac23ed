# Quillby (invoicing for small trades): a Rack stand-in for its Rails 7.0 web process, Rails' default production.log
# (Logger prefix with pid; Started / Processing by / Completed … Allocations). Jobs run in a separate process (bin/jobs).
require "quillby/base"

module Quillby
  ROOT = File.expand_path("..", __dir__)

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/invoices/(\d+)\z}, "InvoicesController#show", :invoice],
      ["POST", %r{\A/invoices\z}, "InvoicesController#create", :create],
      ["GET", %r{\A/customers/(\d+)\z}, "CustomersController#show", :customer],
      ["GET", %r{\A/\z}, "DashboardController#show", :home],
    ])
  end

  class Controllers
    def invoice(_req, id) = (sleep 0.01; [200, "<h1>Invoice #{id}</h1>" + ("<tr><td>line</td></tr>" * 40), 4.2])
    def create(req, _id) = (req.body.read; sleep 0.02; [302, "", 8.8])
    def customer(_req, id) = (sleep 0.008; [200, "<h1>Customer #{id}</h1>" + ("<li>invoice</li>" * 60), 3.1])
    def home(_req, _id) = (sleep 0.005; [200, "<h1>Quillby</h1>", 1.2])
  end
end
