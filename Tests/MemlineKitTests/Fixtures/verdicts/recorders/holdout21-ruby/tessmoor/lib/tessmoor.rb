# Tessmoor (allotment and community-garden plot bookings): a Rack stand-in for its Rails 7.1 app on puma, lograge
# key=value lines on stdout (RAILS_LOG_TO_STDOUT) as Heroku's log stream carries them.
require "tessmoor/base"
$stdout.sync = true

module Tessmoor
  ROOT = File.expand_path("..", __dir__)

  # the plot map of every site, loaded by each worker at boot (~45 MB of tiles)
  module PlotMap
    TILES = Array.new(45) { |i| ("t#{i}" * 4).ljust(1024 * 1024, ".") }
  end

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_kv_stdout, target: Controllers.new, routes: [
      ["GET", %r{\A/sites/(\d+)/plots\z}, "PlotsController#index", :plots],
      ["POST", %r{\A/bookings\z}, "BookingsController#create", :booking],
      ["GET", %r{\A/reports/waiting_list\.csv\z}, "Reports::WaitingListsController#show", :waiting],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
    ])
  end

  class Controllers
    def plots(_req, id) = (sleep 0.014; [200, Array.new(60) { |i| "<li>plot #{id}-#{i}</li>" }.join, 6.2])
    def booking(_req, _id) = (sleep 0.03; [201, "{\"booking\":#{rand(10**6)}}", 10.8])
    def up(_req, _id) = [200, "ok", 0.0]

    # the council's waiting-list report: one slow query per site (the DB does the work), a small CSV back
    def waiting(_req, _id)
      sleep 2.2 + rand * 2.4
      [200, Array.new(120) { |i| "site-#{i},#{i * 13 % 97}" }.join("\n"), 2900.0 + rand(900)]
    end
  end
end
