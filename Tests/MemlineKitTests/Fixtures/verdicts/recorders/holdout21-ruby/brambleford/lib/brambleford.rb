# Brambleford (tickets for small venues: events, seat maps, checkouts): a Rack stand-in for its Rails 7.0 app on puma,
# lograge key=value lines after the Ruby Logger prefix (with the worker pid) in log/production.log.
require "brambleford/base"
require "peckwatch"
require "brambleford/checkouts_controller"

module Brambleford
  ROOT = File.expand_path("..", __dir__)
  RackBase.heap_trace!(ROOT, "heap-%<pid>d-%<t>s.json")

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_kv, target: Controllers.new, routes: [
      ["GET", %r{\A/events/(\d+)\z}, "EventsController#show", :event],
      ["GET", %r{\A/events/(\d+)/seats\z}, "SeatMapsController#show", :seats],
      ["POST", %r{\A/checkouts\z}, "CheckoutsController#create", :checkout],
      ["GET", %r{\A/api/v2/catalog\.json\z}, "Api::V2::CatalogController#index", :catalog],
      ["GET", %r{\A/healthz\z}, "HealthController#show", :up],
    ])
  end

  class Controllers
    def event(_req, id) = (sleep 0.012; [200, "<h1>Event #{id}</h1>" + ("<li>act</li>" * 30), 5.1])
    def seats(_req, id) = (sleep 0.02; [200, Array.new(300) { |i| "<rect id='s#{id}-#{i}'/>" }.join[0, 400], 8.4])
    def up(_req, _id) = [200, "ok", 0.0]
    def checkout(req, _id) = CheckoutsController.new(req).create

    # the partners' feed: every on-sale event with its price bands and venue, rendered to JSON per request (no cache)
    def catalog(_req, _id)
      events = Array.new(28_000) do |i|
        { "id" => i, "title" => "Event #{i} at venue #{i % 311}", "starts_at" => "2026-12-#{10 + i % 18}T19:30:00Z",
          "bands" => Array.new(4) { |b| { "name" => "band-#{b}", "price" => (12.5 + b * 7.25 + i % 9).round(2) } } }
      end
      json = JSON.generate({ "events" => events })
      sleep 0.03
      [200, json[0, 120], 18.0]
    end
  end
end
