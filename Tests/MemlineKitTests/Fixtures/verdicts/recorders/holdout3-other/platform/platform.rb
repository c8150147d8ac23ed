# The platform of the h3-platform-deploy incident: process manager, release phase, logplex and
# log-runtime-metrics in one.
#
#   ruby platform.rb SECONDS WORKDIR OUT_FILE
#
# Spawns each dyno as its own program (web.rb for web.1 and web.2 on their own ports, worker.rb for worker.1)
# and the router (router.rb), with MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=131072 (big buffers go back to
# the kernel when freed). Every line a process writes to stdout is stamped on arrival (UTC, microseconds) and
# tagged app[web.N]: / app[worker.1]: / heroku[router]:, as logplex does.
# At RELEASE_AT seconds (default 50) user maria@tidepool.io pushes 7d3e9f2: app[api] writes `Build started`,
# `Build succeeded`, `Deploy 7d3e9f2 by user ...` and `Release v57 created by user ...`, then every dyno restarts
# on the new release (Restarting, State changed from up to starting, Stopping all processes with SIGTERM, its
# shutdown lines, Process exited with status N (the real wait status), Starting process with command, State
# changed from starting to up) and reports under a new dyno id. The restarted worker.1 is given the scheduled
# LedgerBackfillJob (BACKFILL_AT, a Unix time): 14 s before one of its metrics samples at least 40 s after its
# boot, so that one sample (and only one: the job is above the quota for ~12 s) sees it near its peak.
# Every 20 s per dyno (own phase) the platform reads the dyno's real /proc/PID/status, /proc/PID/stat and
# /proc/loadavg and writes the log-runtime-metrics lines (memory_rss = RssAnon, memory_cache = RssFile + RssShmem,
# memory_swap = VmSwap, memory_total = their sum, pgpgin = minflt + majflt, pgpgout = pgpgin - resident pages),
# and `Process running mem=` + `Error R14 (Memory quota exceeded)` when memory_total > 512 MB. At the end the
# lines are sorted by stamp into OUT_FILE (`heroku logs` form).
require "securerandom"
require "socket"

SECONDS_TOTAL = Float(ARGV.fetch(0, "150"))
WORK = ARGV.fetch(1)
OUT_FILE = ARGV.fetch(2)
HERE = __dir__
QUOTA_MB = 512.0
APP_ID = 318_904_221
RELEASE_AT = Float(ENV.fetch("RELEASE_AT", "50"))
WORKER_PHASE = 17.6 # worker.1's metrics: START + 17.6 s + 20 s * n
ROUTES_FILE = File.join(WORK, "routes.txt")
START = Time.now
DEADLINE = START + SECONDS_TOTAL
ENV_DYNO = { "MALLOC_ARENA_MAX" => "2", "MALLOC_MMAP_THRESHOLD_" => "131072", "RUBY_GC_HEAP_GROWTH_FACTOR" => "1.1" }.freeze

$lines = []
$lock = Mutex.new
def stamp(t = Time.now) = t.utc.strftime("%Y-%m-%dT%H:%M:%S.%6N+00:00")

def emit(source, text)
  $lock.synchronize { $lines << "#{stamp} #{source}: #{text}\n" }
end

DYNOS = {
  "web.1" => { cmd: "bin/puma -C config/puma.rb", port: 25_101 },
  "web.2" => { cmd: "bin/puma -C config/puma.rb", port: 25_102 },
  "worker.1" => { cmd: "bundle exec sidekiq -C config/sidekiq.yml" }
}
STATE = Hash.new("down")
$release = "v56"

def write_routes
  tmp = "#{ROUTES_FILE}.tmp"
  File.write(tmp, DYNOS.select { |_, d| d[:port] }.map { |n, d| "#{n} #{d[:port]} #{STATE[n]}\n" }.join)
  File.rename(tmp, ROUTES_FILE)
end

def pump(io, source)
  Thread.new do
    io.each_line { |l| emit(source, l.chomp) }
  rescue IOError
    nil
  end
end

def boot(name, extra = {})
  d = DYNOS[name]
  emit("heroku[#{name}]", "Starting process with command `#{d[:cmd]}`")
  r, w = IO.pipe
  env = ENV_DYNO.merge("DYNO" => name, "RELEASE" => $release).merge(extra)
  env["PORT"] = d[:port].to_s if d[:port]
  d[:pid] = Process.spawn(env, "ruby", File.join(HERE, d[:port] ? "web.rb" : "worker.rb"), out: w, err: w)
  w.close
  d[:pump] = pump(r, "app[#{name}]")
  Thread.new do
    if d[:port]
      loop do # up once the port accepts connections
        TCPSocket.new("127.0.0.1", d[:port]).close
        break
      rescue Errno::ECONNREFUSED
        sleep 0.1
      end
    else
      sleep 2.5
    end
    emit("heroku[#{name}]", "State changed from starting to up")
    STATE[name] = "up"
    write_routes
  end
end

def stop(name)
  d = DYNOS[name]
  emit("heroku[#{name}]", "Stopping all processes with SIGTERM")
  Process.kill("TERM", d[:pid])
  _, st = Process.wait2(d[:pid])
  d[:pump].join(2)
  code = st.exitstatus || 128 + st.termsig
  emit("heroku[#{name}]", "Process exited with status #{code}")
end

def status_of(pid)
  st = {}
  File.foreach("/proc/#{pid}/status") do |l|
    k, v = l.split(":", 2)
    st[k] = v.to_i if %w[VmRSS RssAnon RssFile RssShmem VmSwap].include?(k)
  end
  f = File.read("/proc/#{pid}/stat").split(") ", 2)[1].split
  st["faults"] = f[7].to_i + f[9].to_i
  st
rescue Errno::ENOENT, Errno::ESRCH
  nil
end

write_routes
DYNOS.each_key { |n| boot(n); sleep 0.4 }
sleep 4
router = Process.spawn({ "ROUTES" => ROUTES_FILE, "RATE" => ENV.fetch("RATE", "24") }, "ruby", File.join(HERE, "router.rb"),
                       out: (rr, rw = IO.pipe; rw), err: rw)
rw.close
router_pump = pump(rr, "heroku[router]")

releaser = Thread.new do
  sleep([START + RELEASE_AT - 9 - Time.now, 0].max)
  emit("app[api]", "Build started by user maria@tidepool.io")
  sleep 7.5
  emit("app[api]", "Build succeeded")
  sleep 1.5
  emit("app[api]", "Deploy 7d3e9f2 by user maria@tidepool.io")
  emit("app[api]", "Release v57 created by user maria@tidepool.io")
  $release = "v57"
  sleep 0.6
  DYNOS.keys.map.with_index do |name, i|
    Thread.new do
      sleep 0.3 * i
      emit("heroku[#{name}]", "Restarting")
      emit("heroku[#{name}]", "State changed from up to starting")
      STATE[name] = "starting"
      write_routes
      stop(name)
      extra = {}
      if name == "worker.1"
        since = Time.now - START
        tick = WORKER_PHASE + 20 * ((since + 40 - WORKER_PHASE) / 20).ceil
        extra["BACKFILL_AT"] = format("%.3f", START.to_f + tick - 14)
      end
      boot(name, extra)
    end
  end.each(&:join)
end

r14 = Hash.new(0)
samplers = DYNOS.keys.each_with_index.map do |name, i|
  Thread.new do
    uuids = Hash.new { |h, pid| h[pid] = SecureRandom.uuid } # a new dyno id for each boot of the dyno
    first = [7.4, 13.1, WORKER_PHASE][i]
    n = 0
    loop do
      at = START + first + 20 * n + rand * 0.3
      break if at > DEADLINE
      sleep([at - Time.now, 0].max)
      n += 1
      next unless STATE[name] == "up"
      st = status_of(DYNOS[name][:pid]) or next
      load = File.read("/proc/loadavg").split.first(3)
      src = "source=#{name} dyno=heroku.#{APP_ID}.#{uuids[DYNOS[name][:pid]]}"
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
      next unless total > QUOTA_MB
      emit("heroku[#{name}]", format("Process running mem=%dM(%.1f%%)", total.round, total * 100 / QUOTA_MB))
      emit("heroku[#{name}]", "Error R14 (Memory quota exceeded)")
      r14[name] += 1
    end
  end
end

samplers.each(&:join)
releaser.join
cut = stamp # the drain is saved here; what the processes print while being stopped is not part of it
Process.kill("TERM", router)
Process.wait(router)
router_pump.join(3)
DYNOS.each_key { |n| Process.kill("TERM", DYNOS[n][:pid]) rescue nil }
DYNOS.each_value { |d| Process.wait(d[:pid]) rescue nil; d[:pump].join(3) }
sorted = $lines.each_with_index.sort_by { |l, i| [l[0, 32], i] }.map(&:first).select { |l| l[0, 32] <= cut }
File.write(OUT_FILE, sorted.join)
puts "R14: #{r14}"
