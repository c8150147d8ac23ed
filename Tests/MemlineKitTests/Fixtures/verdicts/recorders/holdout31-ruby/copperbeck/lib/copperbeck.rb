# Copperbeck Kennels booking app, Rack stand-in for the Rails app. Writes Rails' production.log the way
# ActiveSupport::Logger with Logger::Formatter and log_tags [:request_id] does, and an access log through
# Rack::CommonLogger (the nginx-style file the team tails).
require "logger"
require "json"
require "securerandom"
require "feeding_plan"
require "invoice_export"

module Copperbeck
  ROOT = "/srv/copperbeck"

  def self.logger = @logger ||= open_log
  def self.access_log = @access ||= File.open("#{ROOT}/log/access.log", "a").tap { |f| f.sync = true }

  def self.open_log
    f = File.open("#{ROOT}/log/production.log", "a")
    f.sync = true
    Logger.new(f, level: :info)
  end

  def self.reopen_logs
    @logger = open_log
    @access&.reopen("#{ROOT}/log/access.log", "a")
    @access&.sync = true
  end

  DOGS = Array.new(400) { |i| { "name" => %w[Biscuit Juno Pepper Otis Mabel Rolo Nell Scout][i % 8], "breed" => %w[collie spaniel lurcher terrier labrador][i % 5] } }

  class App
    ROUTES = [
      [%r{\A/stays/(\d+)/feeding\z}, "FeedingController#show", :feeding],
      [%r{\A/dogs/(\d+)\z}, "DogsController#show", :dog],
      [%r{\A/kennels/(\d+)/board\z}, "KennelsController#board", :board],
      [%r{\A/exports/invoices\.csv\z}, "ExportsController#invoices", :invoices],
      [%r{\A/up\z}, "Rails::HealthController#show", :up],
    ].freeze

    def call(env)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      path = env["PATH_INFO"]
      ip = env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      alloc0 = GC.stat(:total_allocated_objects)
      log = Copperbeck.logger
      log.info("[#{rid}] Started GET \"#{env["REQUEST_URI"] || path}\" for #{ip} at #{Time.now.strftime("%F %T %z")}")
      re, action, sym = ROUTES.find { |(r, _, _)| r.match?(path) }
      unless re
        log.info("[#{rid}] Completed 404 Not Found in 0ms (Allocations: 0)")
        return [404, { "content-type" => "text/plain" }, ["not found\n"]]
      end
      id = path[re, 1]
      fmt = path.end_with?(".csv") ? "CSV" : (sym == :up ? "*/*" : "HTML")
      log.info("[#{rid}] Processing by #{action} as #{fmt}")
      params = Rack::Utils.parse_query(env["QUERY_STRING"].to_s)
      params["id"] = id if id
      log.info("[#{rid}]   Parameters: #{params.inspect}") unless params.empty?
      db = 0.0
      body, type = send(sym, id, params) { |ms| db += ms }
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - started) * 1000
      allocs = GC.stat(:total_allocated_objects) - alloc0
      views = sym == :invoices || sym == :up ? "" : "Views: #{format("%.1f", ms * 0.4)}ms | "
      log.info("[#{rid}] Completed 200 OK in #{ms.round}ms (#{views}ActiveRecord: #{format("%.1f", db)}ms | Allocations: #{allocs})")
      [200, { "content-type" => type }, [body]]
    end

    def query(ms)
      sleep ms / 1000.0
      yield ms if block_given?
    end

    def feeding(id, _params, &db)
      query(3.5, &db)
      plan = FeedingPlan.for_stay(id.to_i)
      ["<h1>Feeding chart for stay #{id}</h1>" + plan.map { |r| "<tr><td>#{r}</td></tr>" }.join, "text/html"]
    end

    def dog(id, _params, &db)
      query(4.0, &db)
      d = DOGS[id.to_i % DOGS.size]
      ["<h1>#{d["name"]}</h1><p>#{d["breed"]}</p>" + ("<li>vaccination record</li>" * 40), "text/html"]
    end

    def board(id, _params, &db)
      query(6.0, &db)
      rows = Array.new(24) { |r| "<tr><td>run #{id}-#{r}</td><td>#{DOGS[(r * 7) % DOGS.size]["name"]}</td></tr>" }
      ["<table>#{rows.join}</table>", "text/html"]
    end

    def invoices(_id, params, &db)
      query(40, &db)
      [InvoiceExport.csv(params["month"].to_s, &db), "text/csv"]
    end

    def up(_id, _params) = ["ok\n", "text/plain"]
  end
end
