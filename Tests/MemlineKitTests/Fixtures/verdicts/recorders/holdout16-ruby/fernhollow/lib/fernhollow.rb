# Fernhollow (a chain of veterinary clinics: patient records, dosage charts, invoices): a Rack stand-in for its
# Rails 6.1 app on puma, writing the Rails production.log (Started / Processing / Completed ... Allocations:) with the
# request id tag of config.log_tags = [:request_id].
require "fernhollow/base"
require "fernhollow/dosage_chart"

module Fernhollow
  ROOT = File.expand_path("..", __dir__)
  RackBase.heap_trace!(ROOT, "heap-%<t>s.json") # the dump hook; tracing is started per worker in on_worker_boot
  ObjectSpace.trace_object_allocations_stop

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :rails_tagged, target: Controllers.new, routes: [
      ["GET", %r{\A/patients/(\d+)\z}, "PatientsController#show", :patient],
      ["GET", %r{\A/patients/(\d+)/dosage_chart\z}, "DosageChartsController#show", :dosage],
      ["GET", %r{\A/appointments\z}, "AppointmentsController#index", :appointments],
      ["POST", %r{\A/invoices\z}, "InvoicesController#create", :invoice],
      ["GET", %r{\A/reports/clinic_revenue\z}, "Reports::ClinicRevenueController#show", :revenue],
      ["GET", %r{\A/healthz\z}, "HealthController#show", :up],
    ])
  end

  class Controllers
    def patient(_req, id) = (sleep 0.01; [200, "<h1>Patient #{id}</h1>" + ("<li>visit</li>" * 25), 4.2])
    def appointments(_req, _id) = (sleep 0.015; [200, Array.new(40) { |i| "<tr><td>slot #{i}</td></tr>" }.join, 7.9])
    def invoice(_req, _id) = (sleep 0.025; [201, "{\"invoice\":#{rand(10**6)}}", 9.3])
    def up(_req, _id) = [200, "ok", 0.0]

    # FH-188: the dosage chart (every drug on the formulary x the patient's weight bands) is computed once per
    # patient and kept by DosageChart (a class-level hash) "because the weights rarely change"
    def dosage(_req, id)
      chart = DosageChart.for(id.to_i)
      sleep 0.012
      [200, "<table>#{chart.size} drugs</table>", 3.6]
    end

    # the regional managers' revenue report: every invoice line of the quarter, grouped and rendered, then dropped
    def revenue(_req, _id)
      lines = Array.new(160_000) { |i| "INV-#{i},clinic-#{i % 23},#{"%.2f" % (i * 0.731 % 400)},#{i.odd? ? "consult" : "pharmacy"}" }
      by_clinic = lines.group_by { |l| l.split(",", 3)[1] }
      html = by_clinic.map { |c, ls| "<tr><td>#{c}</td><td>#{ls.size}</td></tr>" }.join
      sleep 0.05
      [200, html[0, 80], 41.0]
    end
  end
end
