# Tidewick (ferry crossings booking): a Rack stand-in for its Rails 7.1 app on puma cluster mode, logging with lograge
# as JSON lines, with the CONSUME MEMORY around filter (log/memory.log).
require "tidewick/base"
require "tidewick/payment_ledger"
require "tidewick/sailing_search"

module Tidewick
  ROOT = File.expand_path("..", __dir__)

  def self.app
    RackBase::App.new(root: ROOT, style: :lograge_json, target: Controllers.new, routes: [
      ["GET", %r{\A/sailings/search\z}, "SailingsController#search", :search],
      ["GET", %r{\A/sailings/(\d+)\z}, "SailingsController#show", :sailing],
      ["GET", %r{\A/bookings/(\w+)\z}, "BookingsController#show", :booking],
      ["POST", %r{\A/bookings\z}, "BookingsController#create", :book],
      ["POST", %r{\A/webhooks/payments\z}, "Webhooks::PaymentsController#create", :payment_webhook],
      ["GET", %r{\A/\z}, "HomeController#index", :home],
    ])
  end

  class Controllers
    def search(req, _id)
      best = SailingSearch.search(req.params["from"].to_s, req.params["to"].to_s, req.params["date"].to_s)
      [200, JSON.generate(best.first(5)), 14.2]
    end

    def sailing(_req, id)
      sleep 0.007
      [200, JSON.generate({ "sailing" => id.to_i, "vessel" => "MV Tide #{id.to_i % 9}", "seats" => id.to_i % 400 }), 3.1]
    end

    def booking(_req, ref)
      sleep 0.009
      [200, JSON.generate({ "ref" => ref, "passengers" => 2, "state" => "confirmed" }), 4.4]
    end

    def book(req, _id)
      req.body.read
      sleep 0.014
      [201, JSON.generate({ "ref" => "TW#{rand(36**6).to_s(36).upcase}" }), 8.7]
    end

    def payment_webhook(req, _id)
      result = PaymentLedger.apply(req.body.read)
      sleep 0.004
      [200, JSON.generate({ "result" => result }), 2.6]
    end

    def home(_req, _id)
      sleep 0.003
      [200, "<h1>Tidewick</h1>", 0.8]
    end
  end
end
