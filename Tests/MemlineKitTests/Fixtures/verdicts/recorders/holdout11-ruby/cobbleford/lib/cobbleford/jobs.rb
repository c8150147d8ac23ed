# app/jobs: the two scheduled jobs.
module Cobbleford
  # CF-58: keeps what each digest sent, for the "resend last digest" admin button. The archive was meant to keep the
  # last digest per site; it appends every run instead (archive.last is all the button reads).
  module DigestArchive
    SENT = []
  end
end

# SiteDigestJob: renders the allotment site's digest (plots changing hands, waitlist moves, water-trough notices)
# as HTML for every plot holder, mails it, and archives it.
class SiteDigestJob
  SITES = %w[mill-lane st-annes-rise brook-meadow the-glebe kiln-field].freeze

  def perform(site_id)
    site = SITES[site_id - 1]
    holders = Array.new(200) { |i| "holder-#{site}-#{i}@example.org" }
    html = +"<h1>#{site} digest #{Time.now.utc.strftime("%F %T")}</h1>"
    900.times { |i| html << "<tr><td>plot #{i}</td><td>#{%w[let vacant waitlist inspection][i % 4]}</td><td>#{"notes " * 40}</td></tr>\n" }
    Cobbleford::DigestArchive::SENT << { "site" => site, "at" => Time.now.utc, "html" => html, "to" => holders,
                                         "per_holder" => holders.map { |h| "#{h}: #{html.bytesize} bytes, sent #{Time.now.utc.strftime("%F %T")}" } }
    sleep 0.05 # SMTP
  end
end

# PlotInspectionReminderJob: reminds the holders of plots due for inspection (nothing kept).
class PlotInspectionReminderJob
  def perform(site_id)
    due = Array.new(400) { |i| { "plot" => i, "site" => site_id, "due" => (Time.now + i * 86_400).strftime("%F") } }.select { |p| p["plot"] % 7 == 0 }
    sleep 0.03
    due.size
  end
end
