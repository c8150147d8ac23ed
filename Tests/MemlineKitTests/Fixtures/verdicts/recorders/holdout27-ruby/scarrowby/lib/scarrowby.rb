require "logger"
require "json"
require "time"
require "uri"
require "securerandom"
require "scarrowby/note_autosave"
require "scarrowby/vaccinations_report"

module Scarrowby
  # Rails 7.1 production logging: TaggedLogging with [:request_id], no formatter prefix.
  LOG = File.open("/srv/scarrowby/log/production.log", "a").tap { |f| f.sync = true }
  ACCESS_LOG = File.open("/srv/scarrowby/log/access.log", "a").tap { |f| f.sync = true }

  class App
    ROUTES = [
      ["GET", %r{\A/patients/(\d+)\z}, "PatientsController", "show", "HTML"],
      ["POST", %r{\A/consultations/(\d+)/notes\z}, "Consultations::NotesController", "create", "TURBO_STREAM"],
      ["GET", %r{\A/appointments\z}, "AppointmentsController", "index", "HTML"],
      ["GET", %r{\A/reports/vaccinations-due\.csv\z}, "Reports::VaccinationsDueController", "show", "CSV"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show", "HTML"],
    ].freeze
    STATUS = { 200 => "OK", 201 => "Created", 404 => "Not Found" }.freeze

    def log(rid, msg) = LOG.write("[#{rid}] #{msg}\n")

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      meth, path, rid = env["REQUEST_METHOD"], env["PATH_INFO"], env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      qs = env["QUERY_STRING"].to_s
      log rid, "Started #{meth} \"#{path}#{qs.empty? ? "" : "?#{qs}"}\" for #{env["HTTP_X_FORWARDED_FOR"]} at #{Time.now.strftime("%F %T %z")}"
      route = ROUTES.find { |r| r[0] == meth && r[1].match?(path) }
      return [404, { "content-type" => "text/plain" }, ["Not Found"]] unless route
      _, re, ctrl, action, fmt = route
      m = re.match(path)
      log rid, "Processing by #{ctrl}##{action} as #{fmt}"
      params = case ctrl
               when "Consultations::NotesController" then { "note" => URI.decode_www_form(env["rack.input"].read).to_h.transform_keys { |k| k[/\[(.*)\]/, 1] || k }, "consultation_id" => m[1] }
               when "AppointmentsController", "Reports::VaccinationsDueController" then URI.decode_www_form(qs).to_h
               when "Rails::HealthController" then {}
               else { "id" => m[1] }
               end
      log rid, "  Parameters: #{params.inspect}" unless params.empty?
      status, type, body, db = dispatch(ctrl, params, rid)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      log rid, "Completed #{status} #{STATUS[status]} in #{ms.round}ms (Views: #{(ms * 0.15).round(1)}ms | ActiveRecord: #{db.round(1)}ms | Allocations: #{GC.stat(:total_allocated_objects) - a0})"
      [status, { "content-type" => type }, [body]]
    end

    def dispatch(ctrl, params, rid)
      case ctrl
      when "Consultations::NotesController"
        size = NoteAutosave.save(rid, params["consultation_id"], params.dig("note", "body").to_s * 12)
        [201, "text/vnd.turbo-stream.html", "<turbo-stream action=\"replace\" target=\"autosave\"><template>saved #{size}</template></turbo-stream>", 2.1 + rand * 2]
      when "PatientsController"
        id = params["id"].to_i
        p = { id: id, name: "Patient #{id}", species: %w[canine feline equine][id % 3], weights: Array.new(20) { |w| 4 + (id + w) % 30 } }
        [200, "text/html", "<html><body><pre>#{JSON.pretty_generate(p)}</pre></body></html>", 4.0 + rand * 3]
      when "AppointmentsController"
        [200, "text/html", "<html><body>" + Array.new(40) { |i| "<li>#{params["date"]} #{8 + i / 4}:#{format("%02d", i % 4 * 15)}</li>" }.join + "</body></html>", 6.0 + rand * 3]
      when "Reports::VaccinationsDueController"
        [200, "text/csv", VaccinationsReport.build(params["range"]), 900 + rand * 300]
      else
        [200, "text/html", "<html><body style=\"background-color: green\"></body></html>", 0.0]
      end
    end
  end
end
