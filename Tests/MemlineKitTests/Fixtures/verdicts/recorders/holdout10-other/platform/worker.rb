# worker.1 of the h10-platform-nutrition-r14-worker incident: a Sidekiq-6-like process (5 processor threads)
# logging with Sidekiq's default text formatter (`TIME pid=… tid=… class=… jid=… [elapsed=…] INFO: start|done`),
# run by drain.py as the dyno's only process.   DYNO=worker.1 PLAN_AT=S ruby worker.rb
# Jobs (a scheduler thread stands in for Redis):
#   GroceryListMailerJob ~1/0.7s  renders and sends a grocery-list mail: small, short-lived
#   PriceRefreshJob      ~1/2.5s  refreshes a store's prices: ~3 MB built and dropped
#   MealPlanExportJob    at PLAN_AT s only (once): a customer's year of meal plans rendered as one PDF: ~560 MB
#                        of 1 MiB page buffers built over ~14 s, then uploaded for ~20 s, then dropped
require "securerandom"

$stdout.sync = true
PID = Process.pid
OUT = Mutex.new
BOOT = Array.new(150_000) { |i| "pantrypal-#{i}-" + ("b" * 80) }

def tid = (Thread.current.object_id ^ PID).to_s(36)

def sk(msg, ctx = "")
  OUT.synchronize do
    $stdout.write("#{Time.now.utc.strftime('%Y-%m-%dT%H:%M:%S.%LZ')} pid=#{PID} tid=#{tid}#{ctx} INFO: #{msg}\n")
  end
end

class GroceryListMailerJob
  def perform(list) = Array.new(400) { |i| "#{list}:#{i}" }.join(",").bytesize
end

class PriceRefreshJob
  def perform(store)
    rows = Array.new(12_000) { |i| "#{store};sku#{i};" + ("p" * 200) }
    sleep(0.2 + rand * 0.3)
    rows.size
  end
end

class MealPlanExportJob
  def perform(customer)
    pages = []
    560.times do |i|
      pages << ("#{customer};page #{i};" + ("m" * (1 << 20)))
      sleep(0.032)
    end
    sleep(20.0) # uploading to the bucket
    pages.sum(&:bytesize)
  ensure
    pages = nil
    GC.start
  end
end

def run_job(klass, arg)
  jid = SecureRandom.hex(12)
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sk("start", " class=#{klass} jid=#{jid}")
  Object.const_get(klass).new.perform(arg)
  sk("done", " class=#{klass} jid=#{jid} elapsed=#{format('%.3f', Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0)}")
end

sk("Booted Rails 7.0.8 application in production environment")
sk("Running in #{RUBY_DESCRIPTION}")
sk("Sidekiq 6.5.9 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://:REDACTED@ec2-198-51-100-23.compute-1.amazonaws.com:23110\"}")
sk("Starting processing, hit Ctrl-C to stop")

queue = Queue.new
processors = 5.times.map { Thread.new { while (job = queue.pop); run_job(*job); end } }
stopping = false
Signal.trap("TERM") { stopping = true }
rng = Random.new(PID)
plan = ENV["PLAN_AT"].to_s.empty? ? nil : Float(ENV["PLAN_AT"])
next_at = { "GroceryListMailerJob" => 0.3, "PriceRefreshJob" => 1.0 }
mean = { "GroceryListMailerJob" => 0.7, "PriceRefreshJob" => 2.5 }
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
until stopping
  now = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  next_at.each do |klass, at|
    next if at > now
    queue << [klass, klass == "PriceRefreshJob" ? "store_#{rng.rand(1..480)}" : "list_#{rng.rand(1_000_000)}"]
    next_at[klass] = at + mean[klass] * (0.6 + rng.rand * 0.8)
  end
  if plan && plan <= now
    plan = nil
    queue << ["MealPlanExportJob", "cus_#{rng.rand(100_000..999_999)}"]
  end
  sleep 0.05
end
sk("Shutting down")
queue.close
processors.each { |t| t.join(3) }
sk("Bye!")
exit 0
