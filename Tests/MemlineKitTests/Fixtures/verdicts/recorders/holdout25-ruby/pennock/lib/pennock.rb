require "logger"
require "json"
require "securerandom"
require "pennock/runtime_settings"
require "pennock/tile_cache"

module Pennock
  LOGGER = Logger.new("/srv/pennock/log/production.log")
  LOGGER.formatter = Logger::Formatter.new
  RELEASE = File.exist?("/srv/pennock/REVISION") ? File.read("/srv/pennock/REVISION").strip : "unknown"

  class App
    ROUTES = [
      ["GET", %r{\A/maps/tiles/(\d+)/(\d+)/(\d+)\.png\z}, "Maps::TilesController#show", "PNG"],
      ["GET", %r{\A/applications/(\d+)\z}, "ApplicationsController#show", "HTML"],
      ["POST", %r{\A/applications/(\d+)/comments\z}, "CommentsController#create", "HTML"],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", "HTML"],
    ].freeze

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      RuntimeSettings.refresh
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      tag = "[#{rid}] "
      LOGGER.info("#{tag}Started #{meth} \"#{path}\" for #{env["HTTP_X_FORWARDED_FOR"]} at #{Time.now.strftime("%F %T %z")}")
      route = ROUTES.find { |r| r[0] == meth && r[1].match?(path) }
      unless route
        LOGGER.fatal("#{tag}ActionController::RoutingError (No route matches [#{meth}] \"#{path}\")")
        return [404, { "content-type" => "text/plain" }, ["Not Found"]]
      end
      m = route[1].match(path)
      LOGGER.info("#{tag}Processing by #{route[2]} as #{route[3]}")
      status, type, body, params = dispatch(route[2], m, env)
      LOGGER.info("#{tag}  Parameters: #{params.inspect}")
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      LOGGER.info("#{tag}Completed #{status} #{status == 201 ? "Created" : "OK"} in #{ms.round}ms (Views: #{format("%.1f", ms * 0.2)}ms | ActiveRecord: #{format("%.1f", ms * 0.3)}ms | Allocations: #{GC.stat(:total_allocated_objects) % 100_000})")
      [status, { "content-type" => type }, [body]]
    end

    def dispatch(action, m, env)
      case action
      when "Maps::TilesController#show"
        z, x, y = m[1].to_i, m[2].to_i, m[3].to_i
        [200, "image/png", TileCache.fetch(z, x, y), { "z" => z.to_s, "x" => x.to_s, "y" => y.to_s }]
      when "ApplicationsController#show"
        id = m[1].to_i
        html = "<h1>Application 26/#{format("%05d", id % 100_000)}/FUL</h1>" + Array.new(40) { |i| "<li>Document #{i}: plan-#{id}-#{i}.pdf</li>" }.join
        [200, "text/html", html, { "id" => id.to_s }]
      when "CommentsController#create"
        text = env["rack.input"].read
        [201, "text/html", "<p>Thank you, comment received (#{text.bytesize} bytes)</p>", { "application_id" => m[1], "comment" => { "body" => "[FILTERED]" } }]
      else
        [200, "text/html", "<html><body style=\"background-color: green\"></body></html>", {}]
      end
    end
  end
end
