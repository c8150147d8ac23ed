# app/jobs (ActiveJob, queue adapter :good_job in production)
require "json"
module Quillby
  # QB-212: keep the rate tables each sync fetched "so support can see what changed". Meant to keep the last per
  # region; every sync is appended.
  module TaxRates
    FETCHED = []
  end
end

# TaxRateSyncJob: pulls the VAT/sales-tax table for one region (~1,800 rates) and stores what it fetched.
class TaxRateSyncJob
  REGIONS = %w[gb-eng gb-sct gb-wls ie nl de fr be].freeze
  def perform(region)
    rows = Array.new(1_800) { |i| { "code" => "#{region}-#{i}", "rate" => (i % 23) / 100.0, "label" => "#{region} band #{i} standard goods and services" } }
    raw = JSON.generate(rows)
    Quillby::TaxRates::FETCHED << { "region" => region, "at" => Time.now.utc, "raw" => raw,
                                         "changed" => rows.first(40).map { |r| "#{r["code"]} -> #{r["rate"]}" } }
    sleep 0.04 # the rates API
  end
end

# StatementPdfJob: renders a customer's monthly statement (every invoice line, laid out page by page) and mails it.
class StatementPdfJob
  def perform(customer_id)
    pages = []
    lines = Array.new(9_000) { |i| format("%06d  %-40s %10.2f", i, "invoice #{customer_id}-#{i} materials and labour", i * 1.37) }
    lines.each_slice(45) { |pg| pages << pg.map { |l| l.ljust(96).split(/\s+/).join(" ") }.join("\n") }
    pdf = pages.map { |p| p.bytes.each_slice(64).map { |s| s.pack("C*") }.join }.join("\f")
    sleep 0.03 # SMTP
    pdf.bytesize
  end
end

# PaymentReminderJob: one reminder mail (nothing kept).
class PaymentReminderJob
  def perform(invoice_id)
    body = "Invoice #{invoice_id} is due. " * 20
    sleep 0.02
    body.size
  end
end
