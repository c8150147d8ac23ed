# Thistlecombe (regional bus operator: route plans, stop departures, trip exports): a Rack stand-in for its Rails 6.1
# app on unicorn, logging with lograge key=value plus time, pid and request_id (log/production.log).
require "thistlecombe/base"

module Thistlecombe
  ROOT = File.expand_path("..", __dir__)

  # TC-412 "cache compiled route plans per worker": keyed by plan id AND the request's service-day timestamp, so no
  # entry is ever reused, and nothing evicts them.
  module PlanCache
    PLANS = {}
    def self.compile(id)
      PLANS["#{id}@#{Time.now.to_f}"] = Array.new(9_000) { |i| "stop-#{id}-#{i}:#{format("%02d:%02d", i / 60 % 24, i % 60)}:platform #{i % 7}:#{"via " * 18}" }
    end
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_kv_pid, target: Controllers.new, routes: [
      ["GET", %r{\A/route_plans/(\d+)\z}, "RoutePlansController#show", :plan],
      ["GET", %r{\A/stops/(\d+)/departures\z}, "DeparturesController#index", :departures],
      ["GET", %r{\A/exports/trips\.csv\z}, "Exports::TripsController#show", :export],
      ["POST", %r{\A/journeys\z}, "JourneysController#create", :journey],
      ["GET", %r{\A/status\z}, "StatusController#show", :up],
    ])
  end

  class Controllers
    def plan(_req, id) = (sleep 0.02; [200, "<h1>plan #{id}</h1>#{PlanCache.compile(id).size}", 7.7])
    def departures(_req, id) = (sleep 0.012; [200, Array.new(16) { |i| "<tr><td>#{id}</td><td>#{i}</td></tr>" }.join, 3.2])
    def journey(_req, _id) = (sleep 0.025; [201, "{\"journey\":#{rand(10**7)}}", 9.5])
    def up(_req, _id) = [200, "ok", 0.0]

    # the trips export: a month of trips as CSV rows, built row by row (many short strings), joined, dropped
    def export(_req, _id)
      rows = Array.new(70_000 + rand(60_000)) { |i| [800_000 + i, "route-#{i % 90}", "2026-%02d-%02d" % [1 + i % 12, 1 + i % 28], i % 1440, "driver-#{i % 311}", (i * 0.37 % 80).round(2)].join(",") }
      csv = rows.join("\n")
      sleep 0.05
      [200, "#{rows.size},#{csv.bytesize}", 31.0]
    end
  end
end
