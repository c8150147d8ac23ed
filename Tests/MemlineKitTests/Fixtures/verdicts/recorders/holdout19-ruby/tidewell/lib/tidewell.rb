# Tidewell (physiotherapy clinics: appointments, patients, invoice reminders, an occupancy report): a Rack stand-in for
# its Rails 7.0 app on puma cluster mode, writing the tagged production.log (config.log_tags = [:request_id]) with the
# ActiveJob lines of the :async adapter, and, from config/initializers/gc_stat_logger.rb (TW-77), GC.stat as JSON every
# 5 s through a Ruby Logger (log/gc_stat.log).
require "tidewell/base"

module Tidewell
  ROOT = File.expand_path("..", __dir__)
  LOGGERS = {}

  def self.app
    @app ||= begin
      a = RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
        ["GET", %r{\A/appointments/(\d+)\z}, "AppointmentsController#show", :appointment],
        ["GET", %r{\A/patients/(\d+)\z}, "PatientsController#show", :patient],
        ["POST", %r{\A/appointments\z}, "AppointmentsController#create", :book],
        ["POST", %r{\A/invoices/(\d+)/reminders\z}, "Invoices::RemindersController#create", :remind],
        ["GET", %r{\A/reports/occupancy\z}, "Reports::OccupancyController#show", :occupancy],
        ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
      ])
      RackBase::AsyncJobs.setup(-> { a.logger }, threads: 3)
      a
    end
  end

  def self.gc_logger!
    return if @gc_pid == Process.pid
    @gc_pid = Process.pid
    log = Logger.new(File.join(ROOT, "log/gc_stat.log"))
    RackBase.gc_reporter(5) { |stat| log.info("GC.stat #{JSON.generate(stat)}") }
  end

  class Controllers
    def appointment(_req, id) = (Tidewell.gc_logger!; sleep 0.012; [200, "<h1>Appointment #{id}</h1>" + ("<li>slot</li>" * 10), 4.4])
    def patient(_req, id) = (Tidewell.gc_logger!; sleep 0.018; [200, "<h1>Patient #{id}</h1>" + ("<li>visit</li>" * 16), 7.9])
    def book(_req, _id)
      Tidewell.gc_logger!
      RackBase::AsyncJobs.perform_later(AuditTrailJob, "appointment.created", rand(10**7))
      sleep 0.025
      [201, "{\"appointment\":#{rand(10**7)}}", 11.3]
    end

    def remind(_req, id)
      Tidewell.gc_logger!
      RackBase::AsyncJobs.perform_later(ReminderDigestJob, id.to_i)
      sleep 0.01
      [302, "", 3.1]
    end

    # the clinics' occupancy report: slow (every room x slot of the quarter from the replica, 1.2-2.8 s), nothing kept
    def occupancy(_req, _id)
      Tidewell.gc_logger!
      cells = Array.new(25_000) { |i| ["room-#{i % 37}", "slot-#{i % 480}", i % 3 == 0 ? "booked" : "free"] }
      sleep(1.2 + rand * 1.6)
      [200, "<table>#{cells.count { |c| c[2] == "booked" }}</table>", 1_140.0 + rand(900)]
    end

    def up(_req, _id) = (Tidewell.gc_logger!; [200, "ok", 0.0])
  end
end

# app/jobs/reminder_digest_job.rb: the patient's unpaid invoices and upcoming sessions rendered into the reminder email.
# TW-81 ("the Resend button re-renders the digest"): each rendered digest (HTML + the text part) is kept in a
# class-level hash keyed by invoice id and the render time, so nothing is ever found again and nothing is evicted.
class ReminderDigestJob
  RENDERED = {}
  def perform(invoice_id)
    html = Array.new(4_200) { |i| format("<tr><td>%s</td><td>%8.2f</td><td>%s</td></tr>", "INV-#{invoice_id}-#{i}", i * 3.3 % 500, "p" * 260) }.join
    RENDERED[[invoice_id, Time.now.to_f]] = [html, html.gsub(/<[^>]+>/, " ")]
    sleep 0.08
  end
end

# app/jobs/audit_trail_job.rb: one audit row per booking, nothing kept
class AuditTrailJob
  def perform(event, id) = (sleep 0.015; "#{event}:#{id}" * 30)
end
