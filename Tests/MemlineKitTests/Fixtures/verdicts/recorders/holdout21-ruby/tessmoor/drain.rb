# Plays Heroku for tessmoor-web's two web dynos on the recording box and writes what a log drain receives, as the
# on-call's drain endpoint stored it (`TIME source[dyno]: message`, one line per frame): router lines for every request,
# each dyno's stdout (Puma's cluster boot lines, lograge key=value), log-runtime-metrics every ~20 s per dyno (web.2's
# 10 s after web.1's; memory_rss = the summed RSS of the dyno's puma master and workers, quota 2560 MB as on a
# Performance-M), the API's release lines and the restart of every dyno a release causes. One release at DEPLOY_AT of
# the run: v214, the deploy of 5e1f0c7 with WEB_CONCURRENCY raised from 2 to 3 (TM-633, more throughput for the
# spring booking rush).
#   ruby drain.rb APP_DIR SECONDS LOG_FILE NOTES_FILE
require "net/http"
require "securerandom"
require "socket"
require "time"

app_dir, seconds, log_path, notes_path = ARGV[0], Float(ARGV[1]), ARGV[2], ARGV[3]
HOST = "tessmoor-web.herokuapp.com"
QUOTA = 2560.0
DEPLOY_AT = 0.36
LOG = File.open(log_path, "w")
NOTES = File.open(notes_path, "a")
[LOG, NOTES].each { |f| f.sync = true }
OUT = Mutex.new

def line(source, msg) = OUT.synchronize { LOG.puts("#{Time.now.utc.strftime("%FT%T.%6N+00:00")} #{source}: #{msg}") }
def note(msg) = NOTES.puts("#{Time.now.utc.strftime("%H:%M:%S")} #{msg}")
def free_port = TCPServer.open("127.0.0.1", 0) { |s| s.addr[1] }

Dyno = Struct.new(:name, :port, :pid, :id, :up)
DYNOS = %w[web.1 web.2].map { |n| Dyno.new(n, nil, nil, nil, false) }
$concurrency = "2"

def boot(d, app_dir)
  d.id = SecureRandom.uuid
  d.port = free_port
  line("heroku[#{d.name}]", "Starting process with command `bundle exec puma -C config/puma.rb`")
  r, w = IO.pipe
  d.pid = Process.spawn({ "PORT" => d.port.to_s, "RACK_ENV" => "production", "RAILS_LOG_TO_STDOUT" => "enabled", "DYNO" => d.name,
                          "WEB_CONCURRENCY" => $concurrency },
                        "puma", "-C", "config/puma.rb", "config.ru", chdir: app_dir, out: w, err: w, pgroup: true)
  w.close
  Thread.new { r.each_line { |l| line("app[#{d.name}]", l.chomp) } }
  sleep 0.2 until (Net::HTTP.get_response("127.0.0.1", "/up", d.port) rescue nil)
  line("heroku[#{d.name}]", "State changed from starting to up")
  d.up = true
end

def restart(d, app_dir)
  line("heroku[#{d.name}]", "Restarting")
  line("heroku[#{d.name}]", "State changed from up to starting")
  d.up = false
  line("heroku[#{d.name}]", "Stopping all processes with SIGTERM")
  Process.kill("TERM", -d.pid)
  Process.wait(d.pid)
  line("heroku[#{d.name}]", "Process exited with status 143")
  boot(d, app_dir)
end

def rss_kb(pid) = File.read("/proc/#{pid}/status")[/^VmRSS:\s+(\d+)/, 1].to_i rescue 0
def dyno_rss_mb(pid) = ([pid] + `ps -o pid= --ppid #{pid}`.split.map(&:to_i)).sum { |p| rss_kb(p) } / 1024.0

start = Time.now
DYNOS.each { |d| boot(d, app_dir) }
stop_at = start + seconds
metrics = DYNOS.each_with_index.map do |d, k|
  Thread.new do
    sleep 4.3 + 10 * k
    loop do
      rss = d.up ? dyno_rss_mb(d.pid) : 0
      if rss > 0
        cache = 11.42 + k * 0.87
        total = rss + cache
        line("heroku[#{d.name}]", "source=#{d.name} dyno=heroku.91354027.#{d.id} sample#load_avg_1m=#{format("%.2f", 0.4 + rand * 0.9)} sample#load_avg_5m=0.71 sample#load_avg_15m=0.63")
        line("heroku[#{d.name}]", format("source=%s dyno=heroku.91354027.%s sample#memory_total=%.2fMB sample#memory_rss=%.2fMB sample#memory_cache=%.2fMB sample#memory_swap=0.00MB sample#memory_pgpgin=%dpages sample#memory_pgpgout=%dpages sample#memory_quota=%.2fMB",
                                         d.name, d.id, total, rss, cache, (total * 256).to_i + 5100, 4800, QUOTA))
      end
      sleep 20
    end
  end
end

# traffic: ~7 requests/s from 6 client loops, the router picks a dyno at random
MIX = [["GET", "/sites/%d/plots", 44], ["POST", "/bookings", 16], ["GET", "/reports/waiting_list.csv", 3], ["GET", "/up", 37]]
def request(meth, path, rng)
  d = DYNOS[rng.rand(DYNOS.size)]
  return unless d.up
  rid = SecureRandom.uuid
  ip = "#{[82, 90, 151].sample(random: rng)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  res = Net::HTTP.start("127.0.0.1", d.port, open_timeout: 2, read_timeout: 60) do |h|
    req = meth == "POST" ? Net::HTTP::Post.new(path) : Net::HTTP::Get.new(path)
    req["X-Request-Id"] = rid
    req.body = "plot=#{rng.rand(1..5000)}" if meth == "POST"
    h.request(req)
  end
  ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round
  line("heroku[router]", %(at=info method=#{meth} path="#{path}" host=#{HOST} request_id=#{rid} fwd="#{ip}" dyno=#{d.name} connect=1ms service=#{ms}ms status=#{res.code} bytes=#{res.body.to_s.bytesize + 210} protocol=https))
rescue StandardError
  nil
end

clients = Array.new(6) do |t|
  Thread.new do
    rng = Random.new(5821 + t)
    until Time.now > stop_at
      w = rng.rand * MIX.sum { |*, x| x }
      meth, path, = MIX.find { |*, x| (w -= x) < 0 } || MIX.first
      request(meth, path.gsub("%d") { rng.rand(1..420).to_s }, rng)
      sleep(-Math.log(1 - rng.rand) * 6 / 7.0)
    end
  end
end

def api(msg) = line("app[api]", msg)
sleep [start + seconds * DEPLOY_AT - Time.now, 0].max
api("Build started by user ruth@tessmoor.org")
api("Build succeeded")
api("Set WEB_CONCURRENCY config vars by user ruth@tessmoor.org")
$concurrency = "3"
api("Deploy 5e1f0c7 by user ruth@tessmoor.org")
api("Release v214 created by user ruth@tessmoor.org")
note("v214 deployed (5e1f0c7, TM-633: WEB_CONCURRENCY 2 -> 3 for the spring rush); dynos restarting")
DYNOS.each { |d| restart(d, app_dir) }
sleep [start + seconds * 0.62 - Time.now, 0].max
note("memory graph: both web dynos ~50% higher since v214. leak in 5e1f0c7? the waiting-list report is taking 3-4 s again too")
sleep 0.2 until Time.now > stop_at
clients.each(&:join)
metrics.each(&:kill)
DYNOS.each { |d| Process.kill("TERM", -d.pid); Process.wait(d.pid) }
