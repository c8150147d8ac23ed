# worker.1 of the h3-platform-deploy incident: a Sidekiq-6.5-like process (4 threads) run by platform.rb, logging
# with Sidekiq's JSON formatter ({"ts","pid","tid","lvl","msg","ctx":{class, jid, elapsed}}), one line each.
#
#   DYNO=worker.1 RELEASE=v57 BACKFILL_AT=1796561234.5 ruby worker.rb
#
# Jobs: ReconcileWebhookJob about every 1.5 s, DigestMailerJob every ~10 s (small garbage), and
# LedgerBackfillJob once, enqueued at the Unix time BACKFILL_AT (if set; the scheduled backfill): it reads a year
# of ledger entries into ~500 MB of export chunks over ~11 s, "uploads" them for ~9 s, then frees every chunk
# (big, transient).
require "securerandom"
require "json"
require "time"

$stdout.sync = true
BOOT_OBJECTS = Array.new(260_000) { |i| "tidepool-object-#{i}-" + ("w" * 150) }
LOCK = Mutex.new

def log(msg, lvl = "INFO")
  h = { ts: Time.now.utc.iso8601(3), pid: Process.pid, tid: (Thread.current.object_id ^ Process.pid).to_s(36), lvl: lvl, msg: msg }
  ctx = Thread.current[:ctx]
  h[:ctx] = ctx if ctx
  LOCK.synchronize { $stdout.write(JSON.generate(h) + "\n") }
end

class ReconcileWebhookJob
  def perform
    body = Array.new(1_500) { |i| "{\"transfer\":\"tr_#{i}\",\"state\":\"settled\"}" }.join(",")
    sleep(0.03 + rand * 0.06)
    body.bytesize
  end
end

class DigestMailerJob
  def perform
    rows = Array.new(15_000) { |i| { "account" => i, "line" => "balance changed #{i}" } }
    sleep 0.15
    rows.size
  end
end

class LedgerBackfillJob
  def perform
    chunks = []
    110.times do |i|
      chunks << ("2025-12-31,acct_#{i},ledger_entry,EUR,0000012345\n" * 96_000) # ~5 MB per chunk
      sleep 0.11
      log("backfill: #{i + 1}/110 chunks read (#{chunks.sum(&:bytesize) / 1_048_576} MB)") if (i + 1) % 25 == 0
    end
    sleep 9 # upload to the warehouse bucket
    log("backfill: exported #{chunks.sum(&:bytesize)} bytes in 110 chunks")
    chunks.each(&:clear)
    chunks.clear
  end
end

log("Booted Rails 7.1.3 application in production environment")
log("Running in #{RUBY_DESCRIPTION}")
log("See LICENSE and the LGPL-3.0 for licensing details.")
log("Starting processing, hit Ctrl-C to stop")

queue = Queue.new
threads = 4.times.map do
  Thread.new do
    while (job = queue.pop)
      klass, jid = job
      Thread.current[:ctx] = { class: klass, jid: jid }
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      log("start")
      Object.const_get(klass).new.perform
      Thread.current[:ctx] = { class: klass, jid: jid, elapsed: (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3) }
      log("done")
      Thread.current[:ctx] = nil
    end
  end
end

stopping = false
Signal.trap("TERM") { stopping = true }
backfill_at = ENV["BACKFILL_AT"]&.to_f
tick = 0
until stopping
  queue << ["ReconcileWebhookJob", SecureRandom.hex(12)] if tick.even?
  queue << ["DigestMailerJob", SecureRandom.hex(12)] if tick % 13 == 5
  if backfill_at && Time.now.to_f >= backfill_at
    backfill_at = nil
    queue << ["LedgerBackfillJob", SecureRandom.hex(12)]
  end
  tick += 1
  sleep(0.6 + rand * 0.3)
end
log("Terminating quiet threads")
queue.close
threads.each(&:join)
log("Bye!")
Signal.trap("TERM", "DEFAULT")
Process.kill("TERM", Process.pid)
sleep 1
