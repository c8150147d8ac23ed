# A unicorn-like Rails stand-in that records the ruby-heap verdict incidents (see record.sh).
#
#   ruby app.rb SCENARIO SECONDS OUTDIR
#
# One master (unicorn_master) forks 4 workers (unicorn_worker) and logs like unicorn 6 to unicorn.stderr.log; a
# Sidekiq-like process (sidekiq) runs jobs on two threads and logs Sidekiq 6's pretty format. Every process appends
# GC.stat as JSON lines once a second. Workers log each request either as a per-request RSS line in a Ruby Logger
#   I, [2026-12-06T09:10:00.123456 #7551]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\thttps://app/reports/12
# (performance.log) or as Rails 7 tagged request lines (production.log, no RSS).
# All workers run with ObjectSpace.trace_object_allocations_start (ALLOC_TRACE=1 in the unicorn config), and the
# master sends SIGUSR2 to one worker at 25%, 55% and 90% of the run: that worker then writes
# ObjectSpace.dump_all after two full GCs, between two requests.
#
# Scenarios (ARGV[0]):
#   garbage-leak  /exports/:id.csv builds a CSV in memory (a 25,000-row Array of Arrays of Strings, all garbage
#                 once the response is written): the heap grows to hold it and its pages stay (the trap). Beside it,
#                 /sessions/:id keeps ~48 KB per request (40 Strings of 1.2 KB) in the global SESSION_STORE (the culprit, the
#                 allocation line in remember_session). Dumps heap-<pid>-<n>.json of worker 1.
#   native-cache  /thumbnails/:id mallocs ~400 KB per request through Fiddle (like a C extension's image buffer) and
#                 never frees it: RSS grows, Ruby's heap does not (the culprit). /products/:id memoises ~3 KB per new
#                 id in PRODUCT_CACHE (the trap: the only growth the heap dumps see). Dumps heap-<pid>-<n>.json of
#                 worker 2.
#   lost-mtime    worker 3 listens on the webhooks socket (only it serves POST /webhooks/:id, besides the usual mix);
#                 each webhook keeps ~64 KB (a Hash of 30 Strings of 2.1 KB) in WEBHOOK_LOG (the culprit). The others serve
#                 the public mix (no /exports here). NightlyReportJob runs once at 35% of the run and loads 400k rows (the trap).
#                 production.log (Rails 7 tagged, no RSS). Dumps heap-1.json … heap-3.json of worker 3.
require "logger"
require "json"
require "objspace"
require "fiddle"

SCENARIO = ARGV.fetch(0)
DURATION = Float(ARGV.fetch(1, "75"))
OUT = ARGV.fetch(2, ".")
WORKERS = 4
DEADLINE = Time.now + DURATION
DUMP_WORKER = { "garbage-leak" => 1, "native-cache" => 2, "lost-mtime" => 3 }.fetch(SCENARIO)

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

SESSION_STORE = {}
PRODUCT_CACHE = {}
WEBHOOK_LOG = []
MEMSET = Fiddle::Function.new(Fiddle.dlopen(nil)["memset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_INT, Fiddle::TYPE_SIZE_T],
                            Fiddle::TYPE_VOIDP)

def small_work(n)
  rows = Array.new(n) { |i| { "id" => i, "name" => "user-#{i}", "tags" => %w[a b c] } }
  rows.map { |r| r.to_json }.join.size
end

def remember_session(id, seq)
  SESSION_STORE["#{id}:#{seq}"] = Array.new(40) { |i| "session #{id} #{seq} #{i} " + ("s" * 1_180) }
end

def build_csv(id)
  rows = Array.new(25_000) { |i| [i.to_s, "order-#{id}-#{i}", "2026-12-0#{i % 9 + 1}", (i * 37 % 1000).to_s, "EUR", "ok"] }
  rows.map { |r| r.join(",") }.join("\n").bytesize
end

def thumbnail(id)
  size = 300_000 + (id * 7919 % 200_000)
  addr = Fiddle.malloc(size) # the image buffer a C extension never frees
  MEMSET.call(addr, 0xAB, size)
  small_work(200)
end

def product(id)
  PRODUCT_CACHE[id] ||= { id: id, name: "product #{id}", description: "d" * 2_400, variants: Array.new(6) { |i| "v#{i}" } }
  small_work(300)
end

def record_webhook(id, seq)
  WEBHOOK_LOG << Hash[Array.new(30) { |i| ["h#{i}", "webhook #{id} #{seq} #{i} " + ("w" * 2_100)] }]
end

def handle(endpoint, id, seq)
  case endpoint
  when :sessions then small_work(150); remember_session(id, seq)
  when :exports then build_csv(id)
  when :thumbnails then thumbnail(id)
  when :products then product(id)
  when :webhooks then small_work(100); record_webhook(id, seq)
  when :reports then small_work(800)
  when :users then small_work(400)
  when :search then small_work(1500)
  when :root then small_work(100)
  end
end

MIXES = {
  "garbage-leak" => [[:reports, 18], [:users, 30], [:search, 20], [:root, 20], [:sessions, 12], [:exports, 4]],
  "native-cache" => [[:products, 22], [:users, 30], [:search, 20], [:root, 20], [:thumbnails, 8]],
  "lost-mtime" => [[:reports, 25], [:users, 30], [:search, 20], [:root, 22]]
}
WEBHOOK_MIX = MIXES["lost-mtime"] + [[:webhooks, 30]]
PATHS = { sessions: "/sessions/%d", exports: "/exports/%d.csv", thumbnails: "/thumbnails/%d", products: "/products/%d",
          webhooks: "/webhooks/%d", reports: "/reports/%d", users: "/users/%d", search: "/search?q=w%d", root: "/" }
ACTIONS = { sessions: "SessionsController#show", exports: "ExportsController#show",
            thumbnails: "ThumbnailsController#show", products: "ProductsController#show",
            webhooks: "WebhooksController#create", reports: "ReportsController#show", users: "UsersController#show",
            search: "SearchController#index", root: "HomeController#index" }

def pick(rng, mix)
  r = rng.rand(mix.sum { |_, w| w })
  mix.each { |e, w| return e if (r -= w) < 0 }
  :root
end

def log_rails_request(log, endpoint, id, rng)
  uuid = format("%08x-%04x-%04x-%04x-%012x", rng.rand(2**32), rng.rand(2**16), rng.rand(2**16), rng.rand(2**16),
                rng.rand(2**48))
  verb = endpoint == :webhooks ? "POST" : "GET"
  format_name = { exports: "CSV", webhooks: "JSON" }.fetch(endpoint, "HTML")
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  log.info("[#{uuid}] Started #{verb} \"#{format(PATHS[endpoint], id)}\" for 10.0.3.#{rng.rand(2..250)} at " +
           Time.now.utc.strftime("%Y-%m-%d %H:%M:%S +0000"))
  log.info("[#{uuid}] Processing by #{ACTIONS[endpoint]} as #{format_name}")
  log.info("[#{uuid}]   Parameters: {\"id\"=>\"#{id}\"}")
  yield
  ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round
  allocations = rng.rand(400..9000)
  log.info("[#{uuid}] Completed 200 OK in #{ms}ms (Views: #{(ms * 0.3).round(1)}ms | ActiveRecord: " \
           "#{(ms * 0.1).round(1)}ms | Allocations: #{allocations})")
end

def dump_heap(n)
  GC.start(full_mark: true, immediate_sweep: true)
  GC.start(full_mark: true, immediate_sweep: true)
  name = SCENARIO == "lost-mtime" ? "heap-#{n}.json" : "heap-#{Process.pid}-#{n}.json"
  File.open(File.join(OUT, name), "w") { |io| ObjectSpace.dump_all(output: io) }
end

def worker(index, ulog)
  set_name("unicorn_worker")
  ObjectSpace.trace_object_allocations_start
  ulog.info("worker=#{index} spawned pid=#{Process.pid}")
  dumps_wanted = 0
  trap("USR2") { dumps_wanted += 1 }
  rails = SCENARIO == "lost-mtime"
  log = Logger.new(File.join(OUT, rails ? "production.log" : "performance.log"))
  gc_sampler(File.join(OUT, "gc_stat.jsonl"))
  rng = Random.new(1000 * index + SCENARIO.sum)
  mix = SCENARIO == "lost-mtime" && index == 3 ? WEBHOOK_MIX : MIXES.fetch(SCENARIO)
  ulog.info("worker=#{index} ready")
  dumped = 0
  seq = 0
  until Time.now > DEADLINE
    if dumps_wanted > dumped
      dumped += 1
      dump_heap(dumped)
    end
    endpoint = pick(rng, mix)
    id = rng.rand(1..500)
    seq += 1
    before = rss_kb
    if rails
      log_rails_request(log, endpoint, id, rng) { handle(endpoint, id, seq) }
    else
      handle(endpoint, id, seq)
    end
    after = rss_kb
    log.info("CONSUME MEMORY: #{after - before}KB\tNow: #{after} KB\thttps://app" + format(PATHS[endpoint], id)) unless rails
    sleep(0.06 + rng.rand * 0.06)
  end
  exit!(0)
end

NOTES = {
  "garbage-leak" => ["paged: web-1 unicorn workers RSS alarm (warning), restarts would hide it, leaving them up",
                     "kill -USR2 %<pid>d (worker=1) for heap dump %<n>d, ALLOC_TRACE is on"],
  "native-cache" => ["paged: web-1 RSS climbing on every unicorn worker",
                     "heap dump %<n>d of worker=2 pid %<pid>d (kill -USR2)"],
  "lost-mtime" => ["paged: web-1 memory alarm; Ana is taking heap dumps of the worker that grows",
                   "Ana: dump %<n>d taken, will send them over Slack later"]
}

def master
  set_name("unicorn_master")
  File.write(File.join(OUT, "unicorn.pid"), "#{Process.pid}\n")
  ulog = Logger.new(File.join(OUT, "unicorn.stderr.log"))
  ulog.info("listening on addr=0.0.0.0:8080 fd=9")
  ulog.info("listening on addr=/run/app/webhooks.sock fd=10") if SCENARIO == "lost-mtime"
  ulog.info("master process ready")
  workers = {}
  WORKERS.times { |i| workers[fork { worker(i, ulog) }] = i }
  target = workers.key(DUMP_WORKER)
  start = Time.now
  note = lambda do |text|
    File.open(File.join(OUT, "oncall-notes.md"), "a") { |f| f.puts("#{Time.now.utc.strftime("%H:%M")} #{text}") }
  end
  File.write(File.join(OUT, "oncall-notes.md"), "# on-call notes #{start.utc.strftime("%Y-%m-%d")} UTC\n")
  note.call(NOTES.fetch(SCENARIO)[0])
  [0.25, 0.55, 0.9].each_with_index do |f, n|
    sleep([start + f * DURATION - Time.now, 0].max)
    Process.kill("USR2", target)
    note.call(format(NOTES.fetch(SCENARIO)[1], n: n + 1, pid: target))
  end
  until workers.empty?
    pid, status = Process.wait2
    i = workers.delete(pid)
    ulog.info("reaped #{status.inspect} worker=#{i}")
  end
  ulog.info("master complete")
end

def sidekiq
  set_name("sidekiq")
  File.write(File.join(OUT, "sidekiq.pid"), "#{Process.pid}\n")
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
          rows.sum { |r| r["total"] }
          rows = nil
        elsif klass == "SessionCleanupJob"
          small_work(600)
        else
          small_work(300)
          sleep 0.05
        end
        say.call("tid=#{tid} class=#{klass} jid=#{jid} elapsed=#{(Time.now - t0).round(3)} INFO: done")
      end
    end
  end
  scheduled = SCENARIO == "lost-mtime" ? [[0.35 * DURATION, "NightlyReportJob"]] : []
  tick = 0
  until Time.now > DEADLINE
    if (at, job_class = scheduled.first) && Time.now - start >= at
      scheduled.shift
      queue << [job_class, "%024x" % rng.rand(2**96)]
    end
    queue << ["MailerJob", "%024x" % rng.rand(2**96)]
    queue << ["SessionCleanupJob", "%024x" % rng.rand(2**96)] if (tick % 20).zero?
    tick += 1
    sleep 0.5
  end
  queue.close
  threads.each(&:join)
end

children = [fork { master }, fork { sidekiq }]
children.each { |pid| Process.wait(pid) }
