# worker.1 of the h8-platform-r14-restart incident: a Sidekiq-6.5-like process (5 processor threads) logging with
# Sidekiq's JSON formatter ({"ts","pid","tid","lvl","msg","ctx":{"class","jid","elapsed"}}), run by logdrain.py
# as the dyno's only process.   DYNO=worker.1 REINDEX_AT=SECONDS ruby worker.rb
# Jobs (a scheduler thread stands in for Redis):
#   PriceSyncJob          ~1/1.2s   pulls publisher price updates: ~2k short-lived objects
#   WishlistMailerJob     ~1/6s     renders a wishlist e-mail (~1 MB of strings), freed
#   CatalogReindexJob     once, at REINDEX_AT s (enqueued by the ONIX import): rebuilds the search index in
#                         14 slices of 45k docs, ~2 s each (~9 MB in flight per slice, freed)
require "securerandom"
require "json"

$stdout.sync = true
PID = Process.pid
OUT = Mutex.new
BOOT_OBJECTS = Array.new(250_000) { |i| "larkspur-#{i}-" + ("w" * 90) }

def tid = (Thread.current.object_id ^ PID).to_s(36)

def sk(msg, ctx = nil)
  h = { "ts" => Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ"), "pid" => PID, "tid" => tid, "lvl" => "INFO", "msg" => msg }
  h["ctx"] = ctx if ctx
  OUT.synchronize { $stdout.write(JSON.generate(h) + "\n") }
end

class PriceSyncJob
  def perform(batch)
    ups = Array.new(200) { |i| { "isbn" => "978-3-#{batch}-#{i}", "price" => i * 13, "currency" => "EUR" } }
    sleep(0.05 + rand * 0.1)
    JSON.generate(ups).bytesize
  end
end

class WishlistMailerJob
  def perform(user_id)
    html = Array.new(1_000) { |i| "<li>#{user_id}-#{i} " + ("." * 900) + "</li>" }
    sleep(0.2 + rand * 0.3)
    html.sum(&:bytesize)
  end
end

class CatalogReindexJob
  def perform(import_id)
    14.times do |slice|
      docs = Array.new(45_000) { |i| "#{import_id}:#{slice}:#{i} " + ("d" * 150) }
      sleep(2.0)
      sk("reindex #{import_id}: slice #{slice + 1}/14 indexed (#{docs.size} docs)")
    end
    12
  end
end

def run_job(klass, arg)
  jid = SecureRandom.hex(12)
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sk("start", { "class" => klass, "jid" => jid })
  Object.const_get(klass).new.perform(arg)
  sk("done", { "class" => klass, "jid" => jid,
               "elapsed" => format("%.3f", Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) })
end

sk("Booted Rails 7.0.8 application in production environment")
sk("Running in #{RUBY_DESCRIPTION}")
sk("Booting Sidekiq 6.5.12 with Sidekiq::RedisConnection::RedisAdapter options {:url=>\"redis://:REDACTED@ec2-198-51-100-23.compute-1.amazonaws.com:21449\"}")
sk("Starting processing, hit Ctrl-C to stop")

queue = Queue.new
processors = 5.times.map { Thread.new { while (job = queue.pop); run_job(*job); end } }
stopping = false
Signal.trap("TERM") { stopping = true }
rng = Random.new(PID)
reindex_at = Float(ENV.fetch("REINDEX_AT", "60"))
next_at = { "PriceSyncJob" => 0.0, "WishlistMailerJob" => 3.0, "CatalogReindexJob" => reindex_at }
mean = { "PriceSyncJob" => 1.2, "WishlistMailerJob" => 6.0, "CatalogReindexJob" => Float::INFINITY }
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
until stopping
  now = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  next_at.each do |klass, at|
    next if at > now
    arg = case klass
          when "PriceSyncJob" then rng.rand(10_000..99_999)
          when "WishlistMailerJob" then rng.rand(100_000..999_999)
          else "onix-#{Time.now.utc.strftime('%Y%m%d')}-3"
          end
    queue << [klass, arg]
    next_at[klass] = at + mean[klass] * (0.6 + rng.rand * 0.8)
  end
  sleep 0.05
end
sk("Shutting down")
queue.close
processors.each { |t| t.join(3) }
sk("Bye!")
exit 0
