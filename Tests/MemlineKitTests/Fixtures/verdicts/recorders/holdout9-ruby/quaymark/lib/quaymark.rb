# Quaymark (freight invoicing for port hauliers): a Rack stand-in for its Rails 6.1 app.
require "quaymark/base"

module Quaymark
  ROOT = File.expand_path("..", __dir__)

  def self.after_fork(nr)
    # config/initializers/gc_log.rb (QM-60): every worker logs GC.stat to log/gc.log every 3 s
    gclog = Logger.new(File.join(ROOT, "log/gc.log"))
    RackBase.gc_reporter(3) { |s| gclog.info("GC.stat #{s.inspect}") }
  end

  def self.app
    RackBase::App.new(root: ROOT, style: :rails, target: Controllers.new, routes: [
      ["GET", %r{\A/statements/(\d+)\.pdf\z}, "StatementsController#show", :statement_pdf],
      ["POST", %r{\A/webhooks/carrier_events\z}, "Webhooks::CarrierEventsController#create", :carrier_events],
      ["GET", %r{\A/shipments/(\d+)\z}, "ShipmentsController#show", :shipment],
      ["GET", %r{\A/invoices\z}, "InvoicesController#index", :invoices],
      ["POST", %r{\A/invoices/(\d+)/lines\z}, "InvoiceLinesController#create", :invoice_line],
      ["GET", %r{\A/\z}, "DashboardController#show", :dashboard],
    ])
  end

  # app/services/carrier_events/replay_buffer.rb (QM-233): keeps each webhook batch so a failed import can be
  # replayed; #ack was meant to drop it after the import, but nothing calls it since the importer moved inline.
  module ReplayBuffer
    @batches = []
    def self.push(batch) = @batches << batch
    def self.ack(id) = @batches.reject! { |b| b["batch_id"] == id }
    def self.size = @batches.size
  end

  class Controllers
    # GET /statements/:id.pdf: renders a monthly statement, every line as text objects, then the PDF string
    def statement_pdf(_req, id)
      rng = Random.new(id.to_i)
      lines = Array.new(rng.rand(140_000..200_000)) { |i| "#{i.to_s.rjust(6, "0")} CNT#{rng.rand(10**7)} Bremerhaven->Duisburg #{rng.rand(100_000) / 100.0} EUR" }
      pdf = lines.each_slice(60).map { |page| page.join("\n") }.join("\f")
      [200, "%PDF-1.4 #{pdf.bytesize} bytes", 41.5]
    end

    def carrier_events(req, _id)
      batch = JSON.parse(req.body.read)
      batch["received_at"] = Time.now.utc.iso8601
      batch["events"].each { |e| e["normalized_status"] = e["status"].to_s.downcase.tr(" ", "_") }
      ReplayBuffer.push(batch)
      sleep 0.01
      [202, JSON.generate({ "accepted" => batch["events"].size }), 6.2]
    end

    def shipment(_req, id)
      legs = Array.new(6) { |i| { "leg" => i, "from" => "T#{i}", "eta" => (Time.now + i * 3600).iso8601 } }
      sleep 0.01
      [200, JSON.generate({ "id" => id.to_i, "legs" => legs }), 3.1]
    end

    def invoices(_req, _id)
      rows = Array.new(40) { |i| { "no" => "QM-#{20_000 + i}", "total" => i * 17.5, "state" => %w[open paid][i % 2] } }
      sleep 0.015
      [200, JSON.generate(rows), 8.4]
    end

    def invoice_line(req, id)
      req.body.read
      sleep 0.012
      [201, JSON.generate({ "invoice" => id.to_i, "ok" => true }), 4.0]
    end

    def dashboard(_req, _id)
      sleep 0.006
      [200, "<html>" + ("<tr><td>x</td></tr>" * 200) + "</html>", 2.2]
    end
  end
end
