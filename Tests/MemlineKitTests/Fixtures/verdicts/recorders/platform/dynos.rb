# Three "dynos" of a Heroku app and the platform's log drain, for the platform-20s verdict incident.
#
#   ruby dynos.rb SECONDS OUT_FILE
#
# Forks three real Ruby processes standing for the dynos:
#   web.1, web.2  puma-like single-mode web processes serving a fake request stream (one thread each); they log
#                 Rails' request lines with Ruby's Logger and send the router's line for each request.
#                 /search builds ~200k short-lived objects per request (big transient garbage: the trap), the
#                 other endpoints little.
#   worker.1      a Sidekiq-like process (5 worker threads, Sidekiq 7's WithoutTimestamp lines, as on Heroku):
#                 MailerJob every second (small garbage: the frequent-job trap), InventorySyncJob every 15 s,
#                 and ExportAllJob once, EXPORT_AT seconds in, which loads a big result set and KEEPS it in a
#                 class-level memo (the planted culprit).
# The parent is the platform: it writes the dynos' lifecycle lines and, like log-runtime-metrics, samples each
# dyno's real /proc/PID/status (and /proc/PID/stat, /proc/loadavg) every 20 s only, writing the
# `sample#memory_*` lines, plus `Process running mem=` / `Error R14 (Memory quota exceeded)` when
# memory_total exceeds QUOTA_MB. memory_rss = RssAnon, memory_cache = RssFile + RssShmem, memory_swap = VmSwap,
# memory_total = their sum, memory_pgpgin = minflt + majflt, memory_pgpgout = pgpgin - resident pages.
# Every line goes through one pipe to the parent, which stamps nothing itself: each writer stamps its line
# with Time.now (UTC, microseconds) as logplex does on arrival; the parent sorts them and writes OUT_FILE in
# `heroku logs` form.
require "logger"
require "securerandom"
require "json"

DURATION = Float(ARGV.fetch(0, "100"))
OUT_FILE = ARGV.fetch(1, "heroku.log")
QUOTA_MB = 256.0
EXPORT_AT = Float(ENV.fetch("EXPORT_AT", "45"))
HOST = "shop-example-prod.herokuapp.com"
APP_ID = 187235331
START = Time.now
DEADLINE = START + DURATION

LOG_R, LOG_W = IO.pipe
LOG_W.sync = true

def stamp(t = Time.now)
  t.utc.strftime("%Y-%m-%dT%H:%M:%S.%6N+00:00")
end

# One drain line; short enough for an atomic pipe write.
def emit(source, text, t = Time.now)
  LOG_W.write("#{stamp(t)} #{source}: #{text}\n")
end

def set_name(name)
  File.write("/proc/self/comm", name[0, 15])
rescue StandardError
  nil
end

# Stands for the booted Rails app: constants, routes, caches (held for the process's life).
def preload(strings, size)
  Array.new(strings) { |i| "app-object-#{i}-" + ("a" * size) }
end

def uuid(rng)
  format("%08x-%04x-4%03x-%04x-%012x", rng.rand(2**32), rng.rand(2**16), rng.rand(2**12),
         0x8000 | rng.rand(2**14), rng.rand(2**48))
end

# ---------------------------------------------------------------- web dynos
ENDPOINTS = [
  [:root, 24, "/", "HomeController#index"],
  [:product, 34, "/products/%d", "ProductsController#show"],
  [:cart, 18, "/cart", "CartsController#show"],
  [:search, 16, "/search?q=%d", "SearchController#index"],
  [:cart_add, 8, "/cart/items", "CartItemsController#create"]
].freeze

def work(n)
  rows = Array.new(n) { |i| { "id" => i, "name" => "product #{i}", "price" => i * 3 } }
  rows.map { |r| r.to_json }.join.bytesize
end

def search(q)
  # Loads candidate rows, scores and sorts them, renders 20: ~200k objects, all garbage afterwards.
  rows = Array.new(60_000) { |i| { "id" => i, "title" => "item #{i} #{q}", "score" => (i * 7919 + q) % 1000 } }
  top = rows.sort_by { |r| -r["score"] }.first(20)
  top.map { |r| r.to_json }.join.bytesize + rows.size
end

def web(name, seed)
  set_name("puma")
  app = preload(320_000, 120)
  say = ->(line) { emit("app[#{name}]", line.chomp) }
  out = Object.new
  out.define_singleton_method(:write) { |s| say.call(s); s.bytesize }
  out.define_singleton_method(:close) { nil }
  log = Logger.new(out)
  port = 20_000 + seed * 7 % 40_000
  say.call("Puma starting in single mode...")
  say.call("* Puma version: 6.4.2 (ruby 3.1.2-p20) (\"The Eagle of Durango\")")
  say.call("*  Min threads: 5")
  say.call("*  Max threads: 5")
  say.call("*  Environment: production")
  say.call("*          PID: #{Process.pid}")
  say.call("* Listening on http://0.0.0.0:#{port}")
  say.call("Use Ctrl-C to stop")
  rng = Random.new(seed)
  total_w = ENDPOINTS.sum { |e| e[1] }
  until Time.now > DEADLINE
    r = rng.rand(total_w)
    ep = ENDPOINTS.find { |e| (r -= e[1]) < 0 }
    kind, _, pattern, action = ep
    id = rng.rand(1..900)
    path = pattern.include?("%d") ? format(pattern, id) : pattern
    verb = kind == :cart_add ? "POST" : "GET"
    rid = uuid(rng)
    ip = "#{%w[198.51.100 203.0.113 192.0.2][rng.rand(3)]}.#{rng.rand(1..254)}"
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    log.info("[#{rid}] Started #{verb} \"#{path}\" for #{ip} at #{Time.now.utc.strftime('%Y-%m-%d %H:%M:%S +0000')}")
    log.info("[#{rid}] Processing by #{action} as HTML")
    allocs0 = GC.stat(:total_allocated_objects)
    bytes = case kind
            when :search then search(id)
            when :product then work(400)
            when :cart then work(250)
            when :cart_add then work(150)
            else work(120)
            end
    sleep(0.01 + rng.rand * 0.04)
    ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round
    allocs = GC.stat(:total_allocated_objects) - allocs0
    if kind == :cart_add
      log.info("[#{rid}] Redirected to https://#{HOST}/cart")
      log.info("[#{rid}] Completed 302 Found in #{ms}ms (ActiveRecord: #{(ms * 0.3).round(1)}ms | Allocations: #{allocs})")
      status = 302
      bytes = 585
    else
      log.info("[#{rid}] Completed 200 OK in #{ms}ms (Views: #{(ms * 0.5).round(1)}ms | ActiveRecord: #{(ms * 0.2).round(1)}ms | Allocations: #{allocs})")
      status = 200
      bytes = 9000 + bytes % 20_000
    end
    emit("heroku[router]", "at=info method=#{verb} path=\"#{path}\" host=#{HOST} request_id=#{rid} fwd=\"#{ip}\" " \
                           "dyno=#{name} connect=#{rng.rand(2)}ms service=#{ms + 2}ms status=#{status} bytes=#{bytes} protocol=https")
    sleep(0.15 + rng.rand * 0.2)
  end
  app.size
end

# ---------------------------------------------------------------- worker dyno
class ExportAllJob
  class << self
    attr_accessor :all_customers # memoized "for the next export": never cleared (the leak)
  end

  def perform(say)
    rows = Array.new(280_000) do |i|
      { "id" => i, "email" => "customer#{i}@example.com", "name" => "Customer #{i}", "city" => "City #{i % 977}" }
    end
    say.call("INFO: loaded #{rows.size} customers")
    csv = rows.each_slice(10_000).sum { |slice| slice.map { |r| r.values.join(",") }.join("\n").bytesize }
    say.call("INFO: wrote customers.csv (#{csv} bytes)")
    self.class.all_customers = rows
  end
end

class MailerJob
  def perform(_say)
    body = Array.new(3_000) { |i| "<p>line #{i} of the order confirmation</p>" }.join
    body.bytesize
  end
end

class InventorySyncJob
  def perform(_say)
    work(2_000)
  end
end

def worker(name)
  set_name("sidekiq")
  app = preload(520_000, 140)
  lock = Mutex.new
  say = lambda do |line|
    tid = (Thread.current.object_id ^ Process.pid).to_s(36)
    ctx = Thread.current[:ctx]
    lock.synchronize { emit("app[#{name}]", "pid=#{Process.pid} tid=#{tid}#{ctx ? " #{ctx}" : ''} #{line}") }
  end
  say.call("INFO: Running in #{RUBY_DESCRIPTION}")
  say.call("INFO: See LICENSE and the LGPL-3.0 for licensing details.")
  say.call("INFO: Upgrade to Sidekiq Pro for more features and support: https://sidekiq.org")
  say.call("INFO: Sidekiq 7.3.9 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://h:REDACTED@ec2-203-0-113-20.compute-1.amazonaws.com:11219\"}")
  say.call("INFO: Sidekiq 7.3.9 connecting to Redis with options {:size=>5, :pool_name=>\"default\", :url=>\"redis://h:REDACTED@ec2-203-0-113-20.compute-1.amazonaws.com:11219\"}")
  queue = Queue.new
  rng = Random.new(77)
  threads = 5.times.map do
    Thread.new do
      while (job = queue.pop)
        klass, jid = job
        Thread.current[:ctx] = "class=#{klass} jid=#{jid}"
        t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        say.call("INFO: start")
        Object.const_get(klass).new.perform(say)
        sleep 0.03
        el = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)
        Thread.current[:ctx] = "class=#{klass} jid=#{jid} elapsed=#{el}"
        say.call("INFO: done")
        Thread.current[:ctx] = nil
      end
    end
  end
  started = Time.now
  export_done = false
  tick = 0
  until Time.now > DEADLINE
    queue << ["MailerJob", SecureRandom.hex(12)]
    queue << ["InventorySyncJob", SecureRandom.hex(12)] if (tick % 15) == 7
    if !export_done && Time.now - started >= EXPORT_AT
      queue << ["ExportAllJob", SecureRandom.hex(12)]
      export_done = true
    end
    tick += 1
    sleep(0.9 + rng.rand * 0.2)
  end
  queue.close
  threads.each(&:join)
  app.size
end

# ---------------------------------------------------------------- the platform
def status_of(pid)
  st = {}
  File.foreach("/proc/#{pid}/status") do |l|
    k, v = l.split(":", 2)
    st[k] = v.to_i if %w[VmRSS RssAnon RssFile RssShmem VmSwap].include?(k)
  end
  f = File.read("/proc/#{pid}/stat").split(") ", 2)[1].split
  st["faults"] = f[7].to_i + f[9].to_i # minflt + majflt
  st
rescue Errno::ENOENT, Errno::ESRCH
  nil
end

DYNOS = [["web.1", "bundle exec puma -C config/puma.rb"], ["web.2", "bundle exec puma -C config/puma.rb"],
         ["worker.1", "bundle exec sidekiq -C config/sidekiq.yml"]].freeze

pids = {}
DYNOS.each_with_index do |(name, command), i|
  emit("heroku[#{name}]", "Starting process with command `#{command}`")
  pids[name] = fork do
    LOG_R.close
    name.start_with?("web") ? web(name, 101 + i) : worker(name)
    exit!(0)
  end
  sleep 0.4
end
lines = []
reader = Thread.new { LOG_R.each_line { |l| lines << l } }

ups = DYNOS.map do |name, _|
  Thread.new do
    sleep 2.5 + rand
    emit("heroku[#{name}]", "State changed from starting to up")
  end
end

samplers = DYNOS.each_with_index.map do |(name, _), i|
  Thread.new do
    uuid = SecureRandom.uuid
    first = [4.3, 9.1, 15.6][i]
    n = 0
    loop do
      at = START + first + 20 * n + rand * 0.3
      break if at > DEADLINE
      sleep([at - Time.now, 0].max)
      st = status_of(pids[name]) or break
      load = File.read("/proc/loadavg").split.first(3)
      src = "source=#{name} dyno=heroku.#{APP_ID}.#{uuid}"
      emit("heroku[#{name}]", "#{src} sample#load_avg_1m=#{load[0]} sample#load_avg_5m=#{load[1]} sample#load_avg_15m=#{load[2]}")
      rss = st["RssAnon"] / 1024.0
      cache = (st["RssFile"] + st["RssShmem"]) / 1024.0
      swap = st["VmSwap"] / 1024.0
      total = rss + cache + swap
      pgin = st["faults"]
      pgout = [pgin - (st["VmRSS"] / 4), 0].max
      emit("heroku[#{name}]", format("%s sample#memory_total=%.2fMB sample#memory_rss=%.2fMB sample#memory_cache=%.2fMB " \
                                     "sample#memory_swap=%.2fMB sample#memory_pgpgin=%dpages sample#memory_pgpgout=%dpages " \
                                     "sample#memory_quota=%.2fMB", src, total, rss, cache, swap, pgin, pgout, QUOTA_MB))
      if total > QUOTA_MB
        emit("heroku[#{name}]", format("Process running mem=%dM(%.1f%%)", total.round, total * 100 / QUOTA_MB))
        emit("heroku[#{name}]", "Error R14 (Memory quota exceeded)")
      end
      n += 1
    end
  end
end

samplers.each(&:join)
ups.each(&:join)
pids.each_value { |pid| Process.wait(pid) }
LOG_W.close
reader.join
File.open(OUT_FILE, "w") { |f| lines.sort_by.with_index { |l, i| [l[0, 32], i] }.each { |l| f.write(l) } }
