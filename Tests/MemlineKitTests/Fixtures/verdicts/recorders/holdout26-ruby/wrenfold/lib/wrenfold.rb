require "logger"
require "json"
require "securerandom"
require "wrenfold/clinician_directory"
require "wrenfold/letter_canvas"

module Wrenfold
  LOGGER = Logger.new("/srv/wrenfold/log/production.log")
  LOGGER.formatter = Logger::Formatter.new

  class App
    ROUTES = [
      ["GET", %r{\A/appointments/(\d+)\z}, "AppointmentsController", "show"],
      ["GET", %r{\A/clinicians/(\d+)/schedule\z}, "CliniciansController", "schedule"],
      ["POST", %r{\A/referrals/(\d+)/letters\z}, "Referrals::LettersController", "create"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show"],
    ].freeze
    REASONS = { 200 => "OK", 201 => "Created", 404 => "Not Found" }.freeze

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      alloc0 = GC.stat(:total_allocated_objects)
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      LOGGER.info("[#{rid}] Started #{meth} \"#{path}\" for #{env["HTTP_X_FORWARDED_FOR"]} at #{Time.now.strftime("%F %T %z")}")
      _, m, ctrl, action = ROUTES.map { |r| [r, r[1].match(path), r[2], r[3]] }.find { |r, mm, *| r[0] == meth && mm }
      if m
        fmt = ctrl.start_with?("Rails") ? "HTML" : (meth == "POST" ? "PDF" : "HTML")
        LOGGER.info("[#{rid}] Processing by #{ctrl}##{action} as #{fmt}")
        params = m[1] ? { "id" => m[1] } : {}
        params.merge!(env["rack.input"].read.split("&").map { |kv| kv.split("=", 2) }.to_h) if meth == "POST"
        LOGGER.info("[#{rid}]   Parameters: #{params.inspect}") unless params.empty?
        status, type, body = dispatch(ctrl, m, params)
      else
        status, type, body = 404, "text/plain", "Not Found"
        LOGGER.fatal("[#{rid}] ActionController::RoutingError (No route matches [#{meth}] \"#{path}\")")
      end
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      allocs = GC.stat(:total_allocated_objects) - alloc0
      LOGGER.info("[#{rid}] Completed #{status} #{REASONS[status]} in #{ms.round}ms (Views: #{format("%.1f", ms * 0.2)}ms | ActiveRecord: #{format("%.1f", ms * 0.3)}ms | Allocations: #{allocs})")
      [status, { "content-type" => type }, [body]]
    end

    def dispatch(ctrl, m, params)
      case ctrl
      when "AppointmentsController"
        id = m[1].to_i
        appt = { id: id, patient: "NHI#{(id * 7717) % 10**7}", clinician: id % 400 + 1, at: "2026-12-#{id % 28 + 1} 09:#{id % 6}0", room: "R#{id % 12}" }
        [200, "text/html", "<html><body><h1>Appointment #{id}</h1><pre>#{appt.to_json}</pre></body></html>"]
      when "CliniciansController"
        sched = ClinicianDirectory.schedule_for(m[1].to_i)
        [200, "text/html", "<html><body><table>#{sched[:slots].first(12).map { |s| "<tr><td>#{s[:at]}</td><td>#{s[:kind]}</td></tr>" }.join}</table></body></html>"]
      when "Referrals::LettersController"
        [201, "application/pdf", LetterCanvas.render_referral(m[1].to_i, params["to"].to_i, params["urgency"])]
      else
        [200, "text/html", "<html><body style=\"background-color: green\"></body></html>"]
      end
    end
  end
end
