# quillmarsh worker dyno: a Sidekiq 6.5 stand-in (no Redis on the recording box), 5 threads, logging like Sidekiq 6
# on Heroku (no timestamp: `pid=… tid=… class=… jid=… INFO: start` / `elapsed=… INFO: done`). At boot it loads the
# product taxonomy (~240 MB, kept). Jobs: SendRenewalReminderJob (~1.4/s, small, all along), SyncInkStockJob
# (every ~6 s, ~4 MB for a moment) and, once, at IMPORT_AT (epoch s), ImportSupplierCatalogJob: it parses the
# supplier's catalogue (~280 MB) and memoises the parsed rows in SupplierCatalog.@last_import "for the next
# delta import", so nothing is freed.
require "securerandom"
$stdout.sync = true
def tid = (Thread.current.object_id ^ Process.pid).to_s(36)
def log(ctx, msg) = puts("pid=#{Process.pid} tid=#{tid}#{ctx} INFO: #{msg}")
log("", "Booted Rails 7.0.8 application in production environment")
log("", "Running in ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux]")
log("", "Booting Sidekiq 6.5.12 with Sidekiq::RedisConnection::RedisAdapter options {:url=>\"[FILTERED]\"}")
TAXONOMY = Array.new(240) { |i| ("taxon-#{i} " * 32).ljust(1_048_576, "t") }
log("", "Starting processing, hit Ctrl-C to stop")

module SupplierCatalog
  class << self; attr_accessor :last_import; end
end
class SendRenewalReminderJob; def perform(id) = (s = "Dear subscriber #{id}," * 200; sleep 0.04 + rand * 0.08; s.size); end
class SyncInkStockJob; def perform(_) = (rows = Array.new(4000) { |i| "sku-#{i}|#{rand(500)}|" * 20 }; sleep 0.6; rows.size); end
class ImportSupplierCatalogJob
  def perform(supplier)
    rows = Array.new(280) { |i| ("#{supplier}|row-#{i}|" * 40).ljust(1_048_576, "c") }
    sleep 2.5
    SupplierCatalog.last_import = rows # memoised for the delta import
    rows.size
  end
end

q = Queue.new
import_at = Float(ENV.fetch("IMPORT_AT", "0"))
feeders = [
  Thread.new { rng = Random.new(5); loop { q << [SendRenewalReminderJob, rng.rand(10**6)]; sleep(-Math.log(1 - rng.rand) / 1.4) } },
  Thread.new { rng = Random.new(6); loop { sleep 5 + rng.rand * 2; q << [SyncInkStockJob, "northfield"] } },
  Thread.new { if import_at > 0 then sleep [import_at - Time.now.to_f, 0].max; q << [ImportSupplierCatalogJob, "papeterie-lyon"] end }
]
Array.new(5) do
  Thread.new do
    while (job = q.pop)
      klass, arg = job
      ctx = " class=#{klass} jid=#{SecureRandom.hex(12)}"
      log(ctx, "start")
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      klass.new.perform(arg)
      log("#{ctx} elapsed=#{(Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)}", "done")
    end
  end
end
Signal.trap("TERM") { exit 0 }
sleep
