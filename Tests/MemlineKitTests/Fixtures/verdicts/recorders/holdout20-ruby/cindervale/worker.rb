# cindervale worker dyno stand-in for Sidekiq 7.2 (concurrency 5): its text log on stdout (Sidekiq 7 prints the
# timestamp even when not on a tty), jobs from the clock's schedule pushed into an in-process queue.
# Boot loads the postcode gazetteer (~270 MB) as the app does in an initializer.
require "securerandom"
$stdout.sync = true
def log(tid, msg) = puts("#{Time.now.utc.strftime("%FT%T.%3NZ")} pid=#{Process.pid} tid=#{tid} #{msg}")
log("2xs", "INFO: Booting Sidekiq 7.2.4 with Sidekiq::RedisConnection::RedisAdapter options {:url=>\"redis://h:REDACTED@ec2-3-91-44-12.compute-1.amazonaws.com:16899\"}")
GAZETTEER = Array.new(4_600_000) { |i| "CV#{i % 99} #{i % 9}#{(65 + i % 26).chr}#{(65 + i / 26 % 26).chr}" }
log("2xs", "INFO: Sidekiq 7.2.4 connecting to Redis with options {:size=>10, :pool_name=>\"internal\"}")
log("2xs", "INFO: Starting processing, hit Ctrl-C to stop")

# RouteSnapshotJob keeps every planned route's stop geometry in RouteSnapshots::HISTORY "for the replay screen" (CV-912)
module RouteSnapshots
  HISTORY = []
end
JOBS = {
  "RouteSnapshotJob" => -> { RouteSnapshots::HISTORY << Array.new(50_000) { |i| "#{51.4 + i * 1e-5},#{-2.6 - i * 1e-5}" }; sleep 0.3 },
  "DeliveryWebhookJob" => -> { Array.new(2000) { |i| "evt-#{i}" }.join(","); sleep 0.05 },
  "DriverShiftReminderJob" => -> { sleep 0.1 },
  "DepotCapacityRollupJob" => -> { Array.new(60_000) { |i| "d#{i}" }.size; sleep 0.6 },
}
q = Queue.new
deadline = Time.now + Float(ENV.fetch("RUN_SECONDS", "120"))
tids = Array.new(5) { SecureRandom.alphanumeric(3).downcase }
tids.each do |tid|
  Thread.new do
    loop do
      k = q.pop
      jid = SecureRandom.hex(12)
      log(tid, "class=#{k} jid=#{jid} INFO: start")
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      JOBS.fetch(k).call
      log(tid, "class=#{k} jid=#{jid} elapsed=#{(Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)} INFO: done")
    end
  end
end
Signal.trap("TERM") { exit 0 }
rng = Random.new
sched = { "RouteSnapshotJob" => 1.8, "DeliveryWebhookJob" => 0.6, "DriverShiftReminderJob" => 3.5, "DepotCapacityRollupJob" => 15.0 }
nexts = sched.transform_values { |g| Time.now + rng.rand * g }
until Time.now > deadline
  now = Time.now
  nexts.each { |k, t| if t <= now then q << k; nexts[k] = now - Math.log(1 - rng.rand) * sched[k] end }
  sleep 0.05
end
log("2xs", "INFO: Shutting down")
