require "logger"
require "json"
require "time"
require "securerandom"
require "uri"
require "pontalva/occupancy_report"

module Pontalva
  # Rails 7.0 production logging: Logger::Formatter ("I, [time #pid]  INFO -- : ") with log_tags [:request_id].
  LOG = Logger.new(File.open("/srv/pontalva/log/production.log", "a").tap { |f| f.sync = true })
  LOG.formatter = Logger::Formatter.new
  POSITIONS = Queue.new

  class App
    ROUTES = [
      ["POST", %r{\A/api/vessel-positions\z}, "Api::VesselPositionsController", "create", "*/*"],
      ["GET", %r{\A/berths/(\d+)\z}, "BerthsController", "show", "HTML"],
      ["GET", %r{\A/bookings/(\d+)\z}, "BookingsController", "show", "HTML"],
      ["GET", %r{\A/reports/occupancy\.xlsx\z}, "Reports::OccupancyController", "show", "XLSX"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show", "HTML"],
    ].freeze
    STATUS = { 200 => "OK", 201 => "Created", 404 => "Not Found" }.freeze

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      meth, path, rid = env["REQUEST_METHOD"], env["PATH_INFO"], env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      qs = env["QUERY_STRING"].to_s
      route = ROUTES.find { |r| r[0] == meth && r[1].match?(path) }
      LOG.info "[#{rid}] Started #{meth} \"#{path}#{qs.empty? ? "" : "?#{qs}"}\" for #{env["HTTP_X_FORWARDED_FOR"]} at #{Time.now.strftime("%F %T %z")}"
      unless route
        LOG.fatal "[#{rid}]   \n[#{rid}] ActionController::RoutingError (No route matches [#{meth}] \"#{path}\"):"
        return [404, { "content-type" => "text/plain" }, ["Not Found"]]
      end
      _, re, ctrl, action, fmt = route
      LOG.info "[#{rid}] Processing by #{ctrl}##{action} as #{fmt}"
      params = params_for(ctrl, re.match(path), env, qs)
      LOG.info "[#{rid}]   Parameters: #{params.inspect}" unless params.empty?
      status, type, body, db = dispatch(ctrl, params, env)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      allocs = GC.stat(:total_allocated_objects) - a0
      LOG.info "[#{rid}] Completed #{status} #{STATUS[status]} in #{ms.round}ms (Views: #{(ms * 0.12).round(1)}ms | ActiveRecord: #{db.round(1)}ms | Allocations: #{allocs})\n\n"
      [status, { "content-type" => type }, [body]]
    end

    def params_for(ctrl, m, env, qs)
      case ctrl
      when "Api::VesselPositionsController" then URI.decode_www_form(env["rack.input"].read).to_h
      when "Reports::OccupancyController" then URI.decode_www_form(qs).to_h
      when "Rails::HealthController" then {}
      else { "id" => m[1] }
      end
    end

    def dispatch(ctrl, params, _env)
      case ctrl
      when "Api::VesselPositionsController"
        pos = params.transform_values { |v| v =~ /\A-?\d+(\.\d+)?\z/ ? v.to_f : v }
        [201, "application/json", JSON.generate(pos.merge("received_at" => Time.now.iso8601(3))), 1.4 + rand]
      when "BerthsController", "BookingsController"
        id = params["id"].to_i
        rec = { id: id, berth: "B#{id % 48}", pontoon: %w[A B C D][id % 4], nights: Array.new(14) { |d| { d: d, vessel: "VESSEL #{(id + d) % 5000}" } } }
        [200, "text/html", "<html><body><pre>#{JSON.pretty_generate(rec)}</pre></body></html>", 3.0 + rand * 4]
      when "Reports::OccupancyController"
        [200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OccupancyReport.build(params["season"] || "2026"), 180 + rand * 60]
      else
        [200, "text/html", "<html><body style=\"background-color: green\"></body></html>", 0.0]
      end
    end
  end
end
