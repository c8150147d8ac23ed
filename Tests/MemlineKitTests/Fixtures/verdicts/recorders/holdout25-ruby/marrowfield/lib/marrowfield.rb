require "logger"
require "json"
require "securerandom"
require "marrowfield/read_deduper"
require "marrowfield/consumption_export"

module Marrowfield
  LOGGER = Logger.new("/srv/marrowfield/log/production.log")
  LOGGER.formatter = Logger::Formatter.new

  class App
    ROUTES = [
      ["GET", %r{\A/api/meters/(\d+)\z}, "Api::MetersController", "show"],
      ["POST", %r{\A/api/meter-reads\z}, "Api::MeterReadsController", "create"],
      ["GET", %r{\A/exports/consumption\.csv\z}, "Exports::ConsumptionController", "index"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show"],
    ].freeze

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      _, m, ctrl, action = ROUTES.map { |r| [r, r[1].match(path), r[2], r[3]] }.find { |r, mm, *| r[0] == meth && mm }
      status, type, body = m ? dispatch(ctrl, m, env) : [404, "text/plain", "Not Found"]
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      fmt = type.include?("json") ? "json" : (type.include?("gzip") ? "csv" : "html")
      LOGGER.info("[#{rid}] method=#{meth} path=#{path} format=#{fmt} controller=#{ctrl || "ActionController::RoutingError"} action=#{action || "-"} status=#{status} duration=#{format("%.2f", ms)} view=#{format("%.2f", ms * 0.08)} db=#{format("%.2f", ms * 0.3)} remote_ip=#{env["HTTP_X_FORWARDED_FOR"]}")
      [status, { "content-type" => type }, [body]]
    end

    def dispatch(ctrl, m, env)
      case ctrl
      when "Api::MetersController"
        id = m[1].to_i
        [200, "application/json", JSON.generate({ id: id, serial: "MF#{id * 7919 % 10**8}", zone: "DMA-#{id % 40}", last_read: Array.new(24) { |i| (id * i) % 997 } })]
      when "Api::MeterReadsController"
        n = ReadDeduper.ingest(env["rack.input"].read)
        [201, "application/json", JSON.generate({ accepted: n })]
      when "Exports::ConsumptionController"
        [200, "application/gzip", ConsumptionExport.build(Random.new.rand(10_000))]
      else
        [200, "text/html", "<html><body style=\"background-color: green\"></body></html>"]
      end
    end
  end
end
