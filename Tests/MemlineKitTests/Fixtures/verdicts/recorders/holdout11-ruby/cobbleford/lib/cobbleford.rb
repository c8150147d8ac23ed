# Cobbleford (allotment plots for a town council): a Rack stand-in for its Rails 7.0 app on unicorn, with Rails'
# default production.log (Logger prefix, Started / Processing by / Parameters / Completed … Allocations) and ActiveJob's
# :async adapter for the scheduled jobs.
require "cobbleford/base"
require "cobbleford/jobs"
require "cobbleford/scheduler"

module Cobbleford
  ROOT = File.expand_path("..", __dir__)

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/plots/(\d+)\z}, "PlotsController#show", :plot],
      ["GET", %r{\A/sites/([\w-]+)\z}, "SitesController#show", :site],
      ["POST", %r{\A/waitlist\z}, "WaitlistEntriesController#create", :waitlist],
      ["GET", %r{\A/admin/exports/plot_holders\.csv\z}, "Admin::ExportsController#plot_holders", :plot_holders],
      ["GET", %r{\A/\z}, "PagesController#home", :home],
    ])
  end

  class Controllers
    def plot(_req, id)
      sleep 0.008
      [200, "<h1>Plot #{id}</h1>" + ("<p>bed</p>" * 30), 3.4]
    end

    def site(_req, slug)
      sleep 0.012
      [200, "<h1>#{slug}</h1>" + ("<li>plot</li>" * 120), 7.9]
    end

    def waitlist(req, _id)
      req.body.read
      sleep 0.015
      [302, "", 5.1]
    end

    # GET /admin/exports/plot_holders.csv: ten years of tenancies for every site, as one CSV String in memory (~2.4M rows)
    def plot_holders(_req, _id)
      csv = +""
      2_400_000.times { |i| csv << "#{i},#{SiteDigestJob::SITES[i % 5]},plot #{i % 900},holder #{i % 40_000},#{2016 + i % 10}-04-01,#{%w[let ended waitlist][i % 3]}\n" }
      [200, "#{csv.bytesize} bytes", 1320.0]
    end

    def home(_req, _id)
      sleep 0.004
      [200, "<h1>Cobbleford allotments</h1>", 0.9]
    end
  end
end
