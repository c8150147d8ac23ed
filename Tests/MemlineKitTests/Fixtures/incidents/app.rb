# A small unicorn-like Rails stand-in that records a memory incident (see record.sh).
#
# One master forks 4 workers; each serves a deterministic stream of fake requests and logs,
# around every request, the VmRSS change in seed 000's performance.log format (Ruby Logger):
#   I, [2026-11-22T01:40:00.123456 #7551]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\thttps://app/reports/12
# A Sidekiq-like process runs jobs on two threads and logs Sidekiq 6's pretty format.
# Every process also appends GC.stat as JSON lines once a second.
#
# Scenarios (ARGV[0]):
#   leak     /reports/:id keeps 200 KB per request in a global array (the planted culprit)
#   gc       worker 1 runs with GC.disable after fork (seed 000); a worker killer restarts it
#   job      NightlyReportJob loads a 400k-row result set twice (seed 001's background job)
#   healthy  none of the above
#   import   workers log Rails request lines (production.log, no RSS); POST /imports/:id is slow and keeps
#            12 MB per request in a process-wide cache (a step each time), found only by what was in flight
#   mixed    two causes at once: /reports/:id keeps 80 KB per request (a slower leak than `leak`) and
#            WarehouseSyncJob, run once at 30 s, loads 300k rows into Sidekiq's process-wide cache and keeps them
#   killer   healthy, but unicorn-worker-killer's Oom check restarts the workers at a low limit: every 16
#            requests a worker compares its RSS with its own random limit in 32..48 MB and exits above it (so the
#            workers die on /exports' transients and the master forks new pids)
# In every scenario /exports/:id builds a 40 MB buffer and drops it (big but transient RSS deltas:
# the red herring), and MailerJob runs every half second.
require "logger"
require "json"

SCENARIO = ARGV.fetch(0)
DURATION = Float(ARGV.fetch(1, "75"))
OUT = ARGV.fetch(2, ".")
WORKERS = 4
WORKER_RSS_LIMIT_KB = 700 * 1024
KILLER_LIMIT_KB = (32 * 1024)..(48 * 1024)
KILLER_CHECK_CYCLE = 16
DEADLINE = Time.now + DURATION

def rss_kb
  File.foreach("/proc/self/status") { |l| return l.split[1].to_i if l.start_with?("VmRSS:") }
  0
end

def set_name(name)
  File.write("/proc/self/comm", name)
end

def gc_sampler(path)
  Thread.new do
    File.open(path, "a") do |f|
      f.sync = true
      until Time.now > DEADLINE
        f.puts GC.stat.merge(timestamp: Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ"), pid: Process.pid).to_json
        sleep 1
      end
    end
  end
end

LEAK = []
IMPORTS = {}
WAREHOUSE = []

def small_work(n)
  rows = Array.new(n) { |i| { "id" => i, "name" => "user-#{i}", "tags" => %w[a b c] } }
  rows.map { |r| r.to_json }.join.size
end

def handle(endpoint, id)
  case endpoint
  when :reports
    small_work(800)
    LEAK << ("r" * 200_000) if SCENARIO == "leak"
    LEAK << ("r" * 80_000) if SCENARIO == "mixed"
  when :exports
    buf = "x" * (40 * 1024 * 1024)
    buf.count("y")
  when :imports
    sleep 0.3
    IMPORTS[[Process.pid, IMPORTS.size]] = "i" * (12 * 1024 * 1024)
  when :users then small_work(400)
  when :search then small_work(1500)
  when :root then small_work(100)
  end
end

ENDPOINTS = [[:reports, 25], [:users, 30], [:search, 20], [:root, 22], [:exports, 3]]
ENDPOINTS << [:imports, 2] if SCENARIO == "import"
PATHS = { reports: "/reports/%d", users: "/users/%d", search: "/search?q=w%d", root: "/", exports: "/exports/%d.csv",
          imports: "/imports/%d" }
ACTIONS = { reports: "ReportsController#show", users: "UsersController#show", search: "SearchController#index",
            root: "HomeController#index", exports: "ExportsController#show", imports: "ImportsController#create" }

def pick(rng)
  r = rng.rand(ENDPOINTS.sum { |_, w| w })
  ENDPOINTS.each { |e, w| return e if (r -= w) < 0 }
  :root
end

# Rails 7's tagged request lines (request id tag, no RSS), as production.log holds them.
def log_rails_request(log, endpoint, id, rng)
  uuid = format("%08x-%04x-%04x-%04x-%012x", rng.rand(2**32), rng.rand(2**16), rng.rand(2**16), rng.rand(2**16),
                rng.rand(2**48))
  verb = endpoint == :imports ? "POST" : "GET"
  format_name = endpoint == :exports ? "CSV" : "HTML"
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  log.info("[#{uuid}] Started #{verb} \"#{format(PATHS[endpoint], id)}\" for 127.0.0.1 at " +
           Time.now.utc.strftime("%Y-%m-%d %H:%M:%S +0000"))
  log.info("[#{uuid}] Processing by #{ACTIONS[endpoint]} as #{format_name}")
  yield
  ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round
  log.info("[#{uuid}] Completed 200 OK in #{ms}ms (Views: 1.2ms | ActiveRecord: 0.4ms | Allocations: 812)")
end

def worker(index, generation)
  set_name("unicorn_worker")
  GC.disable if SCENARIO == "gc" && index == 1
  rails = SCENARIO == "import"
  log = Logger.new(File.join(OUT, rails ? "production.log" : "performance.log"))
  gc_sampler(File.join(OUT, "gc_stat.jsonl"))
  rng = Random.new(1000 * index + generation + SCENARIO.sum)
  # unicorn-worker-killer draws each worker's limit once; its own generator leaves rng's stream alone
  limit = SCENARIO == "killer" ? Random.new(7 * index + 131 * generation).rand(KILLER_LIMIT_KB) : nil
  served = 0
  until Time.now > DEADLINE
    endpoint = pick(rng)
    id = rng.rand(1..500)
    before = rss_kb
    if rails
      log_rails_request(log, endpoint, id, rng) { handle(endpoint, id) }
    else
      handle(endpoint, id)
    end
    after = rss_kb
    url = "https://app" + format(PATHS[endpoint], id)
    log.info("CONSUME MEMORY: #{after - before}KB\tNow: #{after} KB\t#{url}") unless rails
    exit!(0) if after > WORKER_RSS_LIMIT_KB # the worker killer: the master forks a new one
    served += 1
    exit!(0) if limit && (served % KILLER_CHECK_CYCLE).zero? && after > limit
    sleep(0.06 + rng.rand * 0.06)
  end
  exit!(0)
end

def master
  set_name("unicorn_master")
  workers = {}
  generations = Hash.new(0)
  WORKERS.times { |i| workers[fork { worker(i, 0) }] = i }
  until workers.empty?
    pid = Process.wait
    i = workers.delete(pid)
    next unless i && Time.now < DEADLINE - 2
    generations[i] += 1
    workers[fork { worker(i, generations[i]) }] = i
  end
end

def sidekiq
  set_name("sidekiq")
  gc_sampler(File.join(OUT, "gc_stat.jsonl"))
  log = File.open(File.join(OUT, "sidekiq.log"), "a")
  log.sync = true
  mutex = Mutex.new
  say = lambda do |line|
    ts = Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ")
    mutex.synchronize { log.puts("#{ts} pid=#{Process.pid} #{line}") }
  end
  say.call("tid=boot INFO: Booting Sidekiq 6.4.1 with redis options {:url=>\"redis://127.0.0.1:6379/0\"}")
  queue = Queue.new
  rng = Random.new(7 + SCENARIO.sum)
  start = Time.now
  threads = 2.times.map do |t|
    Thread.new do
      tid = %w[ow2 ox6][t]
      while (job = queue.pop)
        klass, jid = job
        t0 = Time.now
        say.call("tid=#{tid} class=#{klass} jid=#{jid} INFO: start")
        if klass == "NightlyReportJob"
          rows = Array.new(400_000) { |i| { "id" => i, "total" => i * 3, "label" => "row #{i}" } }
          say.call("tid=#{tid} class=#{klass} jid=#{jid} INFO: loaded #{rows.size} rows")
          rows = nil
        elsif klass == "WarehouseSyncJob"
          rows = Array.new(300_000) { |i| { "id" => i, "sku" => "sku-#{i}", "qty" => i % 97 } }
          say.call("tid=#{tid} class=#{klass} jid=#{jid} INFO: loaded #{rows.size} rows")
          WAREHOUSE.concat(rows) # kept: the process-wide cache the job fills once
        else
          small_work(300)
          sleep 0.05
        end
        say.call("tid=#{tid} class=#{klass} jid=#{jid} elapsed=#{(Time.now - t0).round(3)} INFO: done")
      end
    end
  end
  scheduled = { "job" => [[20.0, "NightlyReportJob"], [50.0, "NightlyReportJob"]],
                "mixed" => [[30.0, "WarehouseSyncJob"]] }.fetch(SCENARIO, [])
  until Time.now > DEADLINE
    if (at, job_class = scheduled.first) && Time.now - start >= at
      scheduled.shift
      queue << [job_class, "%024x" % rng.rand(2**96)]
    end
    queue << ["MailerJob", "%024x" % rng.rand(2**96)]
    sleep 0.5
  end
  queue.close
  threads.each(&:join)
end

children = [fork { master }, fork { sidekiq }]
children.each { |pid| Process.wait(pid) }
