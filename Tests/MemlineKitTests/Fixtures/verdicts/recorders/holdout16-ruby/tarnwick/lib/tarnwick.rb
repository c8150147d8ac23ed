# Tarnwick (same-day courier dispatch): a Rack stand-in for its Rails 7.0 API on puma, lograge JSON lines on stdout
# (RAILS_LOG_TO_STDOUT) as Heroku's log stream carries them.
require "tarnwick/base"
require "tarnwick/eta"
$stdout.sync = true

module Tarnwick
  ROOT = File.expand_path("..", __dir__)

  # the road graph of the service area, loaded at boot (~260 MB of contraction-hierarchy shards)
  module RoadGraph
    SHARDS = Array.new(260) { |i| ("r#{i}" * 5).ljust(1024 * 1024, ".") }
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_json_stdout, target: Controllers.new, routes: [
      ["GET", %r{\A/orders/(\d+)\z}, "OrdersController#show", :order],
      ["POST", %r{\A/orders/(\d+)/assign\z}, "AssignmentsController#create", :assign],
      ["GET", %r{\A/couriers/(\d+)/eta\z}, "EtasController#show", :eta],
      ["GET", %r{\A/dispatch/board\.json\z}, "Dispatch::BoardsController#show", :board],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
    ])
  end

  class Controllers
    def order(_req, id) = (sleep 0.009; [200, "{\"order\":#{id},\"stops\":#{("[1,2]," * 20)}0}", 3.3])
    def assign(_req, id) = (sleep 0.02; [201, "{\"order\":#{id},\"courier\":#{rand(900)}}", 7.1])
    def up(_req, _id) = [200, "ok", 0.0]

    def eta(_req, id)
      e = Eta.for(id.to_i)
      sleep 0.01
      [200, "{\"courier\":#{id},\"eta_s\":#{e.bytesize % 3600}}", 2.2]
    end

    # the dispatchers' live board: every open order with its candidate couriers, built per poll
    def board(_req, _id)
      rows = Array.new(90_000) { |i| "{\"order\":#{i},\"zone\":\"z#{i % 41}\",\"candidates\":[#{i % 7},#{i % 11},#{i % 13}]}" }
      json = "[#{rows.join(",")}]"
      sleep 0.04
      [200, json[0, 120], 18.5]
    end
  end
end
