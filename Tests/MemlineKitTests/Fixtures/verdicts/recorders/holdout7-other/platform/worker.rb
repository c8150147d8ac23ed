# worker.1 of the h7-platform-export-job incident: a Sidekiq-6.5-like process (8 processor threads), run by
# logdrain.py as the dyno's only process. It logs as Sidekiq 6.5's Pretty formatter does when DYNO is not
# honoured (`2026-12-06T17:20:01.123Z pid=4 tid=2f1 class=… jid=… [elapsed=…] INFO: start|done`).
#
#   DYNO=worker.1 SETTLEMENT_AT=SECONDS ruby worker.rb
#
# Jobs (a scheduler thread stands in for Redis and sidekiq-scheduler):
#   PaymentWebhookJob       ~6/s     forwards a PSP webhook: ~1.5k short-lived objects
#   ReceiptMailerJob        ~1/4s    renders a receipt e-mail (~3 MB of strings), freed when it ends
#   SettlementExportJob     once, at SETTLEMENT_AT s (the nightly schedule)   loads the whole acquirer
#                                    settlement file into memory (~1.35M rows, ~300 MB of Ruby objects), matches
#                                    it, writes the CSV export and keeps the rows until the upload is confirmed
#                                    (~26 s in all), then drops them; Ruby and glibc keep most of the pages.
require "securerandom"
require "json"

$stdout.sync = true
PID = Process.pid
OUT = Mutex.new
# The booted Rails app plus the merchant/BIN tables every job uses.
BOOT_OBJECTS = Array.new(600_000) { |i| "fernhill-#{i}-" + ("m" * 140) }

def tid = (Thread.current.object_id ^ PID).to_s(36)

def sk(msg, ctx = nil)
  t = Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ")
  OUT.synchronize { $stdout.write(ctx ? "#{t} pid=#{PID} tid=#{tid} #{ctx} INFO: #{msg}\n" : "#{t} pid=#{PID} tid=#{tid} INFO: #{msg}\n") }
end

class PaymentWebhookJob
  def perform(event_id)
    evs = Array.new(300) { |i| { "id" => event_id, "seq" => i, "type" => "charge.succeeded", "amount" => i * 37 } }
    sleep(0.01 + rand * 0.04)
    JSON.generate(evs).bytesize
  end
end

class ReceiptMailerJob
  def perform(order_id)
    html = Array.new(3_000) { |i| "<tr><td>#{order_id}-#{i}</td><td>" + ("." * 900) + "</td></tr>" }
    sleep(0.3 + rand * 0.4)
    html.sum(&:bytesize)
  end
end

class SettlementExportJob
  def perform(day)
    rows = Array.new(1_350_000) do |i|
      "#{day},ACQ-#{i},#{(i * 7919) % 999_983},EUR,#{(i * 31) % 100_000},settled," + ("r" * 150)
    end
    sk("settlement #{day}: #{rows.size} rows loaded, matching")
    matched = rows.count { |r| r.getbyte(12) != 0 }
    sleep(8) # writing the export and uploading it to the acquirer's SFTP
    sk("settlement #{day}: #{matched} rows matched, export uploaded, waiting for the receipt")
    sleep(14)
    rows.size
  end
end

def run_job(klass, arg)
  jid = SecureRandom.hex(12)
  ctx = "class=#{klass} jid=#{jid}"
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sk("start", ctx)
  Object.const_get(klass).new.perform(arg)
  sk("done", "#{ctx} elapsed=#{format('%.3f', Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0)}")
end

sk("Booted Rails 6.1.7 application in production environment")
sk("Running in #{RUBY_DESCRIPTION}")
sk("See LICENSE and the LGPL-3.0 for licensing details.")
sk("Upgrade to Sidekiq Pro for more features and support: https://sidekiq.org")
sk("Booting Sidekiq 6.5.12 with Sidekiq::RedisConnection::RedisAdapter options {:url=>\"redis://:REDACTED@ec2-203-0-113-40.compute-1.amazonaws.com:17079\"}")
sk("Starting processing, hit Ctrl-C to stop")

queue = Queue.new
processors = 8.times.map do
  Thread.new do
    while (job = queue.pop)
      run_job(*job)
    end
  end
end

stopping = false
Signal.trap("TERM") { stopping = true }
rng = Random.new(PID)
settle_at = Float(ENV.fetch("SETTLEMENT_AT", "70"))
next_at = { "PaymentWebhookJob" => 0.0, "ReceiptMailerJob" => 2.0, "SettlementExportJob" => settle_at }
mean = { "PaymentWebhookJob" => 0.17, "ReceiptMailerJob" => 4.0, "SettlementExportJob" => Float::INFINITY }
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
until stopping
  now = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  next_at.each do |klass, at|
    next if at > now
    arg = case klass
          when "PaymentWebhookJob" then "evt_#{SecureRandom.hex(8)}"
          when "ReceiptMailerJob" then rng.rand(7_000_000..7_999_999)
          else (Time.now.utc - 86_400).strftime("%Y-%m-%d")
          end
    queue << [klass, arg]
    next_at[klass] = at + mean[klass] * (0.6 + rng.rand * 0.8)
  end
  sleep 0.05
end
sk("Shutting down")
sk("Terminating quiet workers")
queue.close
sk("Pausing to allow workers to finish...")
processors.each { |t| t.join(3) }
sk("Bye!")
exit 0
