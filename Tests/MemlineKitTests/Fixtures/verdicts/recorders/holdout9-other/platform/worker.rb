# worker.1 of the h9-platform-invoice-worker incident: a Sidekiq-7-like process (4 processor threads) logging with
# Sidekiq's default text formatter (`TIME pid=… tid=… class=… jid=… [elapsed=…] INFO: start|done`), run by
# drain.py as the dyno's only process.   DYNO=worker.1 EXPORT_AT=S1,S2 ruby worker.rb
# Jobs (a scheduler thread stands in for Redis):
#   InvoicePdfJob      ~1/1.4s  renders an invoice PDF; the fonts helper memoizes the shaped glyph runs of every
#                               invoice in a class-level Hash keyed by invoice id (never evicted): ~0.45 MB kept
#                               per run (the leak)
#   LedgerExportJob    at EXPORT_AT s only (twice): exports the month's ledger as CSV, ~140 MB of 1 MiB row
#                      chunks built over ~12 s, uploaded, dropped; it ends with GC.start (the team's workaround)
#   WebhookRetryJob    ~1/0.8s  retries failed webhooks: small, short-lived
require "securerandom"

$stdout.sync = true
PID = Process.pid
OUT = Mutex.new
BOOT = Array.new(120_000) { |i| "tallybook-#{i}-" + ("b" * 80) }

def tid = (Thread.current.object_id ^ PID).to_s(36)

def sk(msg, ctx = "")
  OUT.synchronize do
    $stdout.write("#{Time.now.utc.strftime('%Y-%m-%dT%H:%M:%S.%LZ')} pid=#{PID} tid=#{tid}#{ctx} INFO: #{msg}\n")
  end
end

module GlyphRuns
  MEMO = {}
  LOCK = Mutex.new
  def self.shape(invoice_id, lines)
    LOCK.synchronize { MEMO[invoice_id] ||= Array.new(lines) { |i| "glyphs:#{invoice_id}:#{i}:" + ("g" * 420) } }
  end
end

class InvoicePdfJob
  def perform(invoice_id)
    runs = GlyphRuns.shape(invoice_id, 900 + rand(300))
    pdf = runs.first(200).join("\n")
    sleep(0.15 + rand * 0.2)
    pdf.bytesize
  end
end

class LedgerExportJob
  def perform(month)
    chunks = []
    140.times do |i|
      chunks << ("#{month};#{i};" + ("l" * (1 << 20)))
      sleep(0.085)
    end
    sleep(1.0) # uploading to the bucket
    chunks.sum(&:bytesize)
  ensure
    chunks = nil
    GC.start
  end
end

class WebhookRetryJob
  def perform(hook)
    Array.new(300) { |i| { "hook" => hook, "try" => i } }.size
  end
end

def run_job(klass, arg)
  jid = SecureRandom.hex(12)
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sk("start", " class=#{klass} jid=#{jid}")
  Object.const_get(klass).new.perform(arg)
  sk("done", " class=#{klass} jid=#{jid} elapsed=#{format('%.3f', Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0)}")
end

sk("Booted Rails 7.1.3 application in production environment")
sk("Running in #{RUBY_DESCRIPTION}")
sk("Sidekiq 7.2.1 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://:REDACTED@ec2-203-0-113-41.compute-1.amazonaws.com:17210\"}")
sk("Starting processing, hit Ctrl-C to stop")

queue = Queue.new
processors = 4.times.map { Thread.new { while (job = queue.pop); run_job(*job); end } }
stopping = false
Signal.trap("TERM") { stopping = true }
rng = Random.new(PID)
exports = ENV.fetch("EXPORT_AT", "40,100").split(",").map { Float(_1) }
next_at = { "InvoicePdfJob" => 0.5, "WebhookRetryJob" => 0.0 }
mean = { "InvoicePdfJob" => 1.4, "WebhookRetryJob" => 0.8 }
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
until stopping
  now = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  next_at.each do |klass, at|
    next if at > now
    queue << [klass, klass == "InvoicePdfJob" ? rng.rand(1_000_000..9_999_999) : "wh_#{rng.rand(10_000)}"]
    next_at[klass] = at + mean[klass] * (0.6 + rng.rand * 0.8)
  end
  if exports.first && exports.first <= now
    exports.shift
    queue << ["LedgerExportJob", Time.now.utc.strftime("%Y-%m")]
  end
  sleep 0.05
end
sk("Shutting down")
queue.close
processors.each { |t| t.join(3) }
sk("Bye!")
exit 0
