# The platform of the heroku-web-leak incident: process manager, logplex and log-runtime-metrics in one.
#
#   ruby platform.rb SECONDS WORKDIR OUT_FILE
#
# Spawns each dyno as its own program (web_dyno.rb for web.1..web.3 on their own ports, worker_dyno.rb for
# worker.1) and the router (router.rb), with the environment a Heroku Ruby app commonly sets
# (MALLOC_ARENA_MAX=2, and MALLOC_MMAP_THRESHOLD_=131072 so big buffers go back to the kernel when freed).
# Every line a dyno or the router writes to stdout is stamped on arrival (UTC, microseconds) and tagged
# app[web.N]: / app[worker.1]: / heroku[router]:, as logplex does. Every 20 s per dyno (own phase) it reads the
# dyno's real /proc/PID/status, /proc/PID/stat and /proc/loadavg and writes the log-runtime-metrics lines
# (memory_rss = RssAnon, memory_cache = RssFile + RssShmem, memory_swap = VmSwap, memory_total = their sum,
# pgpgin = minflt + majflt, pgpgout = pgpgin - resident pages), and `Process running mem=` + `Error R14 (Memory
# quota exceeded)` when memory_total > 512 MB. After web.2's first R14 the on-call engineer runs
# `heroku ps:restart web.2`: Restarting, State changed from up to starting, SIGTERM, exit status, a new process,
# State changed from starting to up (the restarted dyno reports under a new dyno id). At the end the lines are
# sorted by stamp into OUT_FILE (`heroku logs` form).
require "securerandom"

SECONDS_TOTAL = Float(ARGV.fetch(0, "190"))
WORK = ARGV.fetch(1)
OUT_FILE = ARGV.fetch(2)
HERE = __dir__
QUOTA_MB = 512.0
APP_ID = 240_581_377
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
  "web.1" => { cmd: "bundle exec puma -C config/puma.rb", port: 24_101 },
  "web.2" => { cmd: "bundle exec puma -C config/puma.rb", port: 24_102 },
  "web.3" => { cmd: "bundle exec puma -C config/puma.rb", port: 24_103 },
  "worker.1" => { cmd: "bundle exec sidekiq -C config/sidekiq.yml" }
}
STATE = Hash.new("down")

def write_routes
  tmp = "#{ROUTES_FILE}.tmp"
  File.write(tmp, DYNOS.select { |n, d| d[:port] }.map { |n, d| "#{n} #{d[:port]} #{STATE[n]}\n" }.join)
  File.rename(tmp, ROUTES_FILE)
end

def pump(io, source)
  Thread.new do
    io.each_line { |l| emit(source, l.chomp) }
  rescue IOError
    nil
  end
end

def boot(name)
  d = DYNOS[name]
  emit("heroku[#{name}]", "Starting process with command `#{d[:cmd]}`")
  r, w = IO.pipe
  env = ENV_DYNO.merge("DYNO" => name)
  script = if d[:port]
             env["PORT"] = d[:port].to_s
             "web_dyno.rb"
           else
             env["SNAPSHOT_AT"] = ENV.fetch("SNAPSHOT_AT", "50,120")
             "worker_dyno.rb"
           end
  d[:pid] = Process.spawn(env, "ruby", File.join(HERE, script), out: w, err: w)
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
      sleep 3
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

require "socket"
write_routes
DYNOS.each_key { |n| boot(n); sleep 0.3 }
sleep 4
router = Process.spawn({ "ROUTES" => ROUTES_FILE, "RATE" => ENV.fetch("RATE", "40") }, "ruby", File.join(HERE, "router.rb"),
                       out: (rr, rw = IO.pipe; rw), err: rw)
rw.close
router_pump = pump(rr, "heroku[router]")

r14 = Hash.new(0)
restart_done = false
restart_lock = Mutex.new
samplers = DYNOS.keys.each_with_index.map do |name, i|
  Thread.new do
    uuids = Hash.new { |h, pid| h[pid] = SecureRandom.uuid } # a new dyno id for each boot of the dyno
    first = [6.2, 11.8, 15.1, 18.7][i]
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
      next unless name == "web.2"
      restart_lock.synchronize do
        next if restart_done
        restart_done = true
        Thread.new do # the on-call engineer, a few seconds later: heroku ps:restart web.2
          sleep 6 + rand * 4
          emit("heroku[web.2]", "Restarting")
          emit("heroku[web.2]", "State changed from up to starting")
          STATE["web.2"] = "starting"
          write_routes
          sleep 0.7
          stop("web.2")
          sleep 1.5
          boot("web.2")
        end
      end
    end
  end
end

samplers.each(&:join)
cut = stamp # the drain is saved here; what the processes print while being stopped is not part of it
Process.kill("TERM", router)
Process.wait(router)
router_pump.join(3)
DYNOS.each_key { |n| Process.kill("TERM", DYNOS[n][:pid]) rescue nil }
DYNOS.each_value { |d| Process.wait(d[:pid]) rescue nil; d[:pump].join(3) }
sorted = $lines.each_with_index.sort_by { |l, i| [l[0, 32], i] }.map(&:first).select { |l| l[0, 32] <= cut }
File.write(OUT_FILE, sorted.join)
puts "restart web.2: #{restart_done}; R14: #{r14}"
