# Nandi Hills tea auction portal (brokers and buyers), Rack stand-in for the Rails app. production.log in Rails'
# SimpleFormatter with log_tags [:request_id] (only the Started line carries a time), as this app has it.
require "logger"
require "securerandom"

module NandiHills
  ROOT = "/srv/nandihills/shared"
  LOG = File.open("#{ROOT}/log/production.log", "a").tap { |f| f.sync = true }
  M = Mutex.new
  def self.log(rid, line) = M.synchronize { LOG.write("[#{rid}] #{line}\n") }
  FLAGS = {}

  GRADES = %w[BOP BOPF FOP OF PD Dust FBOP GFBOP].freeze
  def self.lot_html(id)
    "<h2>Lot #{id} - #{GRADES[id % 8]}</h2><p>Garden G#{id % 24}, #{40 + id % 30} bags x #{25 + id % 10} kg, " \
      "valuation #{200 + id % 180} INR/kg</p>" + Array.new(200) { |i| "<li>taster note #{i}: bright, brisk, coppery infusion #{"·" * 40}</li>" }.join
  end

  class App
    ROUTES = [
      [%r{\A/lots/(\d+)\z}, "LotsController#show", :lot, "HTML"],
      [%r{\A/auctions/(\d+)\z}, "AuctionsController#show", :auction, "HTML"],
      [%r{\A/auctions/(\d+)/catalogue\.pdf\z}, "CataloguesController#show", :catalogue, "PDF"],
      [%r{\A/gardens/(\d+)/invoices\z}, "InvoicesController#index", :invoices, "HTML"],
      [%r{\A/admin/flags/(\w+)/enable\z}, "Admin::FlagsController#enable", :flag, "HTML"],
      [%r{\A/up\z}, "Rails::HealthController#show", :up, "*/*"],
    ].freeze

    def call(env)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      path = env["PATH_INFO"]
      meth = env["REQUEST_METHOD"]
      NandiHills.log(rid, "Started #{meth} \"#{path}\" for #{env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]} at #{Time.now.strftime("%F %T %z")}")
      re, action, sym, fmt = ROUTES.find { |r| r[0].match?(path) }
      return [404, {}, ["not found"]] unless re
      NandiHills.log(rid, "Processing by #{action} as #{fmt}")
      id = path[re, 1]
      NandiHills.log(rid, "  Parameters: {\"id\"=>\"#{id}\"}") if id
      env["nandihills.rid"] = rid
      db = 0.0
      body, type = send(sym, id, rid) { |ms| sleep(ms / 1000.0); db += ms }
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      NandiHills.log(rid, "Completed 200 OK in #{ms.round}ms (Views: #{format("%.1f", ms * 0.35)}ms | ActiveRecord: #{format("%.1f", db)}ms | Allocations: #{rand(900..4000)})")
      [200, { "content-type" => type }, [body]]
    end

    def lot(id, _rid)
      yield 4.0
      [NandiHills.lot_html(id.to_i), "text/html"]
    end

    def auction(id, _rid)
      yield 7.0
      ["<h1>Sale #{id}</h1>" + Array.new(80) { |i| "<tr><td>lot #{id.to_i * 100 + i}</td></tr>" }.join, "text/html"]
    end

    def invoices(id, _rid)
      yield 5.0
      ["<table>" + Array.new(40) { |i| "<tr><td>INV-#{id}-#{i}</td></tr>" }.join + "</table>", "text/html"]
    end

    # The sale catalogue PDF (brokers' printed catalogue): every lot of the sale laid out, built in memory.
    def catalogue(id, _rid)
      yield 30.0
      lots = Array.new(40_000) { |i| "lot #{id}-#{i} #{GRADES[i % 8]} G#{i % 24} #{40 + i % 30}x#{25 + i % 10}kg val #{200 + i % 180} #{"." * 100}" }
      pages = lots.each_slice(50).map { |s| "BT /F1 8 Tf (#{s.join(") Tj T* (")}) Tj ET" }
      ["%PDF-1.4\n" + pages.join("\n").byteslice(0, 300_000), "application/pdf"]
    end

    def flag(name, rid)
      yield 2.0
      NandiHills::FLAGS[name] = true
      NandiHills.log(rid, "  Feature #{name} enabled by priya.s (admin)")
      ["enabled", "text/plain"]
    end

    def up(_id, _rid) = ["ok", "text/plain"]
  end
end
