# worker.1 of the heroku-web-leak incident: a Sidekiq-like process (5 threads) run by platform.rb, printing
# Sidekiq 7's lines without timestamps (as on Heroku, where logplex stamps them).
#
#   DYNO=worker.1 SNAPSHOT_AT=55,125 ruby worker_dyno.rb
#
# Jobs: WebhookDeliveryJob about every second and SearchIndexJob every ~7 s (small garbage), and
# WarehouseSnapshotJob at the SNAPSHOT_AT seconds: it streams the warehouse stock into ~450 MB of multipart
# upload parts over ~20 s, "uploads" them, then clears every part (a big but transient job).
require "securerandom"

$stdout.sync = true
BOOT_OBJECTS = Array.new(380_000) { |i| "app-object-#{i}-" + ("w" * 160) }
LOCK = Mutex.new

def say(line)
  tid = (Thread.current.object_id ^ Process.pid).to_s(36)
  ctx = Thread.current[:ctx]
  LOCK.synchronize { $stdout.write("pid=#{Process.pid} tid=#{tid}#{ctx ? " #{ctx}" : ''} #{line}\n") }
end

class WebhookDeliveryJob
  def perform
    payload = Array.new(2_000) { |i| "{\"event\":\"order.paid\",\"n\":#{i}}" }.join(",")
    sleep(0.02 + rand * 0.05)
    payload.bytesize
  end
end

class SearchIndexJob
  def perform
    docs = Array.new(20_000) { |i| { "id" => i, "body" => "product #{i} description" } }
    sleep 0.1
    docs.size
  end
end

class WarehouseSnapshotJob
  def perform
    parts = []
    90.times do |i|
      parts << ("sku,warehouse,qty,reserved\n" * 190_000) # ~5 MB per part
      sleep 0.22
      say("INFO: snapshot part #{i + 1}/90 buffered (#{parts.sum(&:bytesize) / 1_048_576} MB)") if (i + 1) % 20 == 0
    end
    sleep 2 # multipart upload to the bucket
    say("INFO: uploaded warehouse snapshot (#{parts.sum(&:bytesize)} bytes, 90 parts)")
    parts.each(&:clear)
    parts.clear
  end
end

say("INFO: Running in #{RUBY_DESCRIPTION}")
say("INFO: See LICENSE and the LGPL-3.0 for licensing details.")
say("INFO: Upgrade to Sidekiq Pro for more features and support: https://sidekiq.org")
say("INFO: Sidekiq 7.3.9 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://h:REDACTED@ec2-198-51-100-31.compute-1.amazonaws.com:19079\"}")
say("INFO: Sidekiq 7.3.9 connecting to Redis with options {:size=>5, :pool_name=>\"default\", :url=>\"redis://h:REDACTED@ec2-198-51-100-31.compute-1.amazonaws.com:19079\"}")

queue = Queue.new
threads = 5.times.map do
  Thread.new do
    while (job = queue.pop)
      klass, jid = job
      Thread.current[:ctx] = "class=#{klass} jid=#{jid}"
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      say("INFO: start")
      Object.const_get(klass).new.perform
      el = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)
      Thread.current[:ctx] = "class=#{klass} jid=#{jid} elapsed=#{el}"
      say("INFO: done")
      Thread.current[:ctx] = nil
    end
  end
end

stopping = false
Signal.trap("TERM") { stopping = true }
snapshots = ENV.fetch("SNAPSHOT_AT", "55,125").split(",").map(&:to_f)
started = Time.now
tick = 0
until stopping
  queue << ["WebhookDeliveryJob", SecureRandom.hex(12)]
  queue << ["SearchIndexJob", SecureRandom.hex(12)] if tick % 7 == 3
  if snapshots.any? && Time.now - started >= snapshots.first
    snapshots.shift
    queue << ["WarehouseSnapshotJob", SecureRandom.hex(12)]
  end
  tick += 1
  sleep(0.8 + rand * 0.4)
end
say("INFO: Shutting down")
queue.close
threads.each(&:join)
say("INFO: Bye!")
Signal.trap("TERM", "DEFAULT")
Process.kill("TERM", Process.pid)
sleep 1
