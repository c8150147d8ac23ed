# worker.1 of the h6-platform-worker-job incident: a Sidekiq-7-like process (5 processor threads) behind
# ActiveJob, run by platform.py as the dyno's only process. It logs as Sidekiq 7 does on Heroku (DYNO set: the
# formatter without timestamps, `pid=… tid=… class=… jid=… [elapsed=…] INFO: start|done`) and, around each job,
# the Rails logger's ActiveJob lines (`I, [time #pid]  INFO -- : [ActiveJob] [Klass] [job id] Performing …`).
#
#   DYNO=worker.1 ruby worker.rb
#
# Jobs (a scheduler thread stands in for Redis and sidekiq-cron):
#   ShipmentWebhookJob   ~3.5/s  posts a carrier webhook: ~2k short-lived objects
#   CarrierRateSyncJob   ~1/s    fetches one carrier's rate card (12k lanes as JSON), parses it and stores it in
#                                RateCards, a process-wide cache keyed by [carrier, generated_at]; generated_at is
#                                new on every fetch, so every parsed card is kept (the leak: ~4 MB per run)
#   InvoiceBatchJob      ~1/20s  renders a batch of 400 invoices (~12 MB of strings), freed when it ends
require "json"
require "securerandom"
require "logger"
require "time"

$stdout.sync = true
PID = Process.pid
OUT = Mutex.new
# The booted Rails app (models, routes, i18n, the carrier and port tables).
BOOT_OBJECTS = Array.new(520_000) { |i| "cargolane-#{i}-" + ("w" * 120) }

RAILS = Logger.new($stdout)
RAILS.formatter = Logger::Formatter.new

def tid = (Thread.current.object_id ^ PID).to_s(36)

def sk(msg, ctx = nil)
  OUT.synchronize do
    $stdout.write(ctx ? "pid=#{PID} tid=#{tid} #{ctx} INFO: #{msg}\n" : "pid=#{PID} tid=#{tid} INFO: #{msg}\n")
  end
end

def rails(msg) = OUT.synchronize { RAILS.info(msg) }

module RateCards
  @cards = {}
  @lock = Mutex.new
  def self.store(carrier, generated_at, lanes)
    @lock.synchronize { @cards[[carrier, generated_at]] = lanes; @cards.size }
  end
end

class ShipmentWebhookJob
  def perform(shipment_id)
    events = Array.new(400) { |i| { "shipment" => shipment_id, "seq" => i, "status" => "in_transit", "at" => Time.now.utc.iso8601 } }
    body = JSON.generate(events)
    sleep(0.02 + rand * 0.05)
    body.bytesize
  end
end

class CarrierRateSyncJob
  def perform(carrier_id)
    generated_at = Time.now.utc.iso8601(6)
    payload = JSON.generate(Array.new(12_000) do |i|
      { "lane" => "DEHAM-#{%w[USNYC CNSHA BRSSZ ZADUR AUMEL][i % 5]}-#{i}", "carrier" => carrier_id, "weight_break" => (i % 9) * 100,
        "rate" => ((i * 7919 + carrier_id) % 90_000) / 100.0, "currency" => "EUR", "valid_to" => "2027-03-31" }
    end)
    sleep(0.05 + rand * 0.1) # the carrier's API
    lanes = JSON.parse(payload)
    RateCards.store(carrier_id, generated_at, lanes)
    lanes.size
  end
end

class InvoiceBatchJob
  def perform(batch_id)
    pages = Array.new(400) { |i| ("INV-#{batch_id}-#{i} " + ("line item ........ 12.50 EUR\n" * 1_000)) }
    sleep(1.5 + rand)
    pages.sum(&:bytesize)
  end
end

def run_job(klass, arg, enqueued_at)
  jid = SecureRandom.hex(12)
  job_id = SecureRandom.uuid
  ctx = "class=#{klass} jid=#{jid}"
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sk("start", ctx)
  rails("[ActiveJob] [#{klass}] [#{job_id}] Performing #{klass} (Job ID: #{job_id}) from Sidekiq(default) " \
        "enqueued at #{enqueued_at.utc.iso8601(3)} with arguments: #{arg}")
  Object.const_get(klass).new.perform(arg)
  ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
  rails("[ActiveJob] [#{klass}] [#{job_id}] Performed #{klass} (Job ID: #{job_id}) from Sidekiq(default) in #{format('%.2f', ms)}ms")
  sk("done", "#{ctx} elapsed=#{format('%.3f', ms / 1000)}")
end

sk("Booted Rails 7.1.3 application in production environment")
sk("Running in #{RUBY_DESCRIPTION}")
sk("See LICENSE and the LGPL-3.0 for licensing details.")
sk("Upgrade to Sidekiq Pro for more features and support: https://sidekiq.org")
sk("Sidekiq 7.2.4 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://:REDACTED@ec2-198-51-100-77.compute-1.amazonaws.com:23119\"}")
sk("Sidekiq 7.2.4 connecting to Redis with options {:size=>5, :pool_name=>\"default\", :url=>\"redis://:REDACTED@ec2-198-51-100-77.compute-1.amazonaws.com:23119\"}")
sk("Starting processing, hit Ctrl-C to stop")

queue = Queue.new
processors = 5.times.map do
  Thread.new do
    while (job = queue.pop)
      run_job(*job)
    end
  end
end

stopping = false
Signal.trap("TERM") { stopping = true }
rng = Random.new(PID)
next_at = { "ShipmentWebhookJob" => 0.0, "CarrierRateSyncJob" => 1.0, "InvoiceBatchJob" => 6.0 }
mean = { "ShipmentWebhookJob" => 0.28, "CarrierRateSyncJob" => 1.0, "InvoiceBatchJob" => 20.0 }
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
carrier = 0
until stopping
  now = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  next_at.each do |klass, at|
    next if at > now
    arg = case klass
          when "ShipmentWebhookJob" then rng.rand(4_000_000..4_999_999)
          when "CarrierRateSyncJob" then (carrier += 1) % 37 + 1
          else "B#{rng.rand(10_000..99_999)}"
          end
    queue << [klass, arg, Time.now]
    next_at[klass] = at + mean[klass] * (0.6 + rng.rand * 0.8)
  end
  sleep 0.05
end
sk("Shutting down")
sk("Terminating quiet threads for default capsule")
queue.close
sk("Pausing to allow jobs to finish...")
processors.each(&:join)
sk("Bye!")
exit 0
