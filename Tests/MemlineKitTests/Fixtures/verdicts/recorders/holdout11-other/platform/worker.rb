# worker.1 of the h11-platform-crewroster-worker-job incident: a Sidekiq-7-like process (6 processor threads)
# logging with Sidekiq 7's JSON formatter (`{"ts":…,"pid":…,"tid":…,"lvl":"INFO","msg":"start|done","ctx":{"class":…,
# "jid":…[,"elapsed":…]}}`), run by drain.py as the dyno's only process.   DYNO=worker.1 OPTIMIZER_AT="S1,S2" ruby worker.rb
# Jobs (a scheduler thread stands in for Redis):
#   CrewNotificationJob  ~1/0.5s  push/SMS to a crew member: small, short-lived
#   DutyLimitCheckJob    ~1/1.8s  checks a crew member's flight-duty limits; since CR-1411 it keeps the member's
#                                 rebuilt duty ledger (~0.45 MB of strings) in DutyLedger::SNAPSHOTS keyed by the
#                                 job's jid "for the audit trail": never read back, never evicted (the leak)
#   PairingOptimizerJob  at each OPTIMIZER_AT s (twice): re-optimises the month's pairings: ~230 MB of 1 MiB
#                                 candidate buffers built over ~9 s, scored for ~6 s, dropped
require "securerandom"
require "json"

$stdout.sync = true
PID = Process.pid
OUT = Mutex.new
BOOT = Array.new(120_000) { |i| "crewroster-#{i}-" + ("b" * 70) }

def tid = (Thread.current.object_id ^ PID).to_s(36)

def sk(msg, ctx = nil, lvl = "INFO")
  h = { ts: Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ"), pid: PID, tid: tid, lvl: lvl, msg: msg }
  h[:ctx] = ctx if ctx
  OUT.synchronize { $stdout.write(JSON.generate(h) + "\n") }
end

class CrewNotificationJob
  def perform(crew) = Array.new(300) { |i| "#{crew}:#{i}" }.join(",").bytesize
end

module DutyLedger
  SNAPSHOTS = {}
  LOCK = Mutex.new
end

class DutyLimitCheckJob
  attr_accessor :jid
  def perform(crew)
    ledger = Array.new(1_000) { |i| "#{crew};leg #{i};" + ("d" * 420) }
    DutyLedger::LOCK.synchronize { DutyLedger::SNAPSHOTS[jid] = ledger }
    sleep(0.05 + rand * 0.1)
    ledger.size
  end
end

class PairingOptimizerJob
  def perform(month)
    cands = []
    230.times do |i|
      cands << ("#{month};cand #{i};" + ("p" * (1 << 20)))
      sleep(0.04)
    end
    sleep(6.0) # scoring
    cands.size
  ensure
    cands = nil
    GC.start
  end
end

def run_job(klass, arg)
  jid = SecureRandom.hex(12)
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sk("start", { class: klass, jid: jid })
  job = Object.const_get(klass).new
  job.jid = jid if job.respond_to?(:jid=)
  job.perform(arg)
  sk("done", { class: klass, jid: jid, elapsed: (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3) })
end

sk("Booted Rails 7.1.3 application in production environment")
sk("Running in #{RUBY_DESCRIPTION}")
sk("Sidekiq 7.2.4 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://:REDACTED@ec2-203-0-113-41.compute-1.amazonaws.com:16320\"}")
sk("Starting processing, hit Ctrl-C to stop")

queue = Queue.new
processors = 6.times.map { Thread.new { while (job = queue.pop); run_job(*job); end } }
stopping = false
Signal.trap("TERM") { stopping = true }
rng = Random.new(PID)
plans = ENV["OPTIMIZER_AT"].to_s.split(",").map { Float(_1) }
next_at = { "CrewNotificationJob" => 0.2, "DutyLimitCheckJob" => 0.8 }
mean = { "CrewNotificationJob" => 0.5, "DutyLimitCheckJob" => 1.8 }
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
until stopping
  now = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  next_at.each do |klass, at|
    next if at > now
    queue << [klass, "crew_#{rng.rand(10_000..48_000)}"]
    next_at[klass] = at + mean[klass] * (0.5 + rng.rand)
  end
  if !plans.empty? && plans.first <= now
    plans.shift
    queue << ["PairingOptimizerJob", "2027-01/base-#{%w[LHR MAN EDI].sample(random: rng)}"]
  end
  sleep 0.05
end
sk("Shutting down")
queue.close
processors.each { |t| t.join(3) }
sk("Bye!")
exit 0
