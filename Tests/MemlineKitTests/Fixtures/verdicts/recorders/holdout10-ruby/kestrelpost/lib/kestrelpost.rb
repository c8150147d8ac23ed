# Kestrelpost (parcel lockers at railway stations): a Rack stand-in for its Rails 7.0 app, logging with lograge
# (key=value after the Ruby Logger prefix).
require "kestrelpost/base"

module Kestrelpost
  ROOT = File.expand_path("..", __dir__)
  STATIONS = %w[hbf-nord ostkreuz suedkreuz gesundbrunnen spandau lichtenberg wannsee].freeze

  def self.app
    RackBase::App.new(root: ROOT, style: :lograge_kv, target: Controllers.new, routes: [
      ["GET", %r{\A/lockers/(\d+)/slots\z}, "LockersController#slots", :slots],
      ["GET", %r{\A/parcels/(\w+)\z}, "ParcelsController#show", :parcel],
      ["POST", %r{\A/parcels/(\w+)/scan\z}, "ScansController#create", :scan],
      ["GET", %r{\A/routes/(\d+)/manifest\.pdf\z}, "ManifestsController#show", :manifest],
      ["GET", %r{\A/\z}, "StatusController#index", :status],
    ])
  end

  # app/services/slot_planner.rb (KP-188, "plan once per locker"): the memo key grew the request's arrival time
  # when same-minute pickups were added (KP-203), so every call stores a new plan and none is read back.
  module SlotPlanner
    PLANS = {}
    def self.plan(locker, at)
      PLANS[[locker, at]] ||= Array.new(200) do |slot|
        { "slot" => slot, "compartments" => Array.new(12) { |c| "L#{locker}-S#{slot}-C#{c} free until #{at.strftime("%H:%M:%S.%N")} size=#{%w[S M L][c % 3]}" } }
      end
    end
  end

  class Controllers
    def slots(_req, id)
      plan = SlotPlanner.plan(id.to_i, Time.now)
      sleep 0.008
      [200, JSON.generate({ "locker" => id.to_i, "free" => plan.first(4) }), 3.7]
    end

    def parcel(_req, code)
      sleep 0.006
      [200, JSON.generate({ "code" => code, "station" => STATIONS.sample, "state" => "in_locker" }), 2.2]
    end

    def scan(req, code)
      req.body.read
      sleep 0.01
      [201, JSON.generate({ "code" => code, "ok" => true }), 4.9]
    end

    # GET /routes/:id/manifest.pdf: the courier's day manifest, every parcel line as text, then one PDF string
    def manifest(_req, id)
      rng = Random.new(id.to_i)
      lines = Array.new(rng.rand(90_000..130_000)) { |i| "#{i.to_s.rjust(6, "0")} KP#{rng.rand(10**9)} #{STATIONS[i % 7]} locker #{rng.rand(1..400)} #{rng.rand(50)}kg" }
      pdf = lines.each_slice(50).map { |page| page.join("\n") }.join("\f")
      [200, "%PDF-1.4 #{pdf.bytesize} bytes", 22.8]
    end

    def status(_req, _id)
      sleep 0.003
      [200, "ok", 0.4]
    end
  end
end
