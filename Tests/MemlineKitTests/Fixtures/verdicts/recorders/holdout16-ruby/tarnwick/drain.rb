# Plays Heroku for tarnwick-dispatch's two web dynos on the recording box and writes what `heroku logs --tail` prints
# (plain lines: `TIME source[dyno]: message`): router lines for every request, each dyno's stdout (Puma's boot lines and
# lograge JSON), log-runtime-metrics every ~20 s per dyno (memory of the dyno's process, quota 512 MB as on a
# Standard-1X; web.2's samples 10 s after web.1's), R14 over the quota, the API's release lines, and the restart of
# every dyno a release causes. Two releases: v86 at 15 % (a config var, SEARCH_TIMEOUT_MS) and v87 at 33 % (the deploy
# of 9d41e7a: lib/tarnwick/eta_v87.rb replaces eta.rb). The run ends 5 s after the first R14, or after SECONDS + 40.
#   ruby drain.rb APP_DIR SECONDS LOG_FILE NOTES_FILE
require "net/http"
require "securerandom"
require "socket"
require "time"

app_dir, seconds, log_path, notes_path = ARGV[0], Float(ARGV[1]), ARGV[2], ARGV[3]
HOST = "tarnwick-dispatch.herokuapp.com"
QUOTA = 512.0
LOG = File.open(log_path, "w")
NOTES = File.open(notes_path, "a")
[LOG, NOTES].each { |f| f.sync = true }
OUT = Mutex.new

def line(source, msg) = OUT.synchronize { LOG.puts("#{Time.now.utc.strftime("%FT%T.%6N+00:00")} #{source}: #{msg}") }
def note(msg) = NOTES.puts("#{Time.now.utc.strftime("%H:%M:%S")} #{msg}")
def free_port = TCPServer.open("127.0.0.1", 0) { |s| s.addr[1] }

Dyno = Struct.new(:name, :port, :pid, :id, :up)
DYNOS = %w[web.1 web.2].map { |n| Dyno.new(n, nil, nil, nil, false) }

def boot(d, app_dir)
  d.id = "#{SecureRandom.uuid}"
  d.port = free_port
  line("heroku[#{d.name}]", "Starting process with command `bundle exec puma -C config/puma.rb`")
  r, w = IO.pipe
  d.pid = Process.spawn({ "PORT" => d.port.to_s, "RACK_ENV" => "production", "RAILS_LOG_TO_STDOUT" => "enabled", "DYNO" => d.name },
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

def rss_mb(pid) = File.read("/proc/#{pid}/status")[/^VmRSS:\s+(\d+)/, 1].to_i / 1024.0 rescue 0.0

start = Time.now
DYNOS.each { |d| boot(d, app_dir) }
stop_at = start + seconds + 40
first_r14 = nil
metrics = DYNOS.each_with_index.map do |d, k|
  Thread.new do
    sleep 3.1 + 10 * k
    loop do
      rss = d.up ? rss_mb(d.pid) : 0
      if rss > 0
        cache = 4.87 + k * 0.61
        total = rss + cache
        line("heroku[#{d.name}]", "source=#{d.name} dyno=heroku.70021583.#{d.id} sample#load_avg_1m=#{format("%.2f", 0.3 + rand * 0.8)} sample#load_avg_5m=0.58 sample#load_avg_15m=0.49")
        line("heroku[#{d.name}]", format("source=%s dyno=heroku.70021583.%s sample#memory_total=%.2fMB sample#memory_rss=%.2fMB sample#memory_cache=%.2fMB sample#memory_swap=0.00MB sample#memory_pgpgin=%dpages sample#memory_pgpgout=%dpages sample#memory_quota=%.2fMB",
                                         d.name, d.id, total, rss, cache, (total * 256).to_i + 3700, 3300, QUOTA))
        if total > QUOTA
          line("heroku[#{d.name}]", format("Process running mem=%dM(%.1f%%)", total.round, total / QUOTA * 100))
          line("heroku[#{d.name}]", "Error R14 (Memory quota exceeded)")
          unless first_r14
            first_r14 = Time.now
            note("R14 on #{d.name} (#{total.round} MB of 512)")
          end
        end
      end
      sleep 20
    end
  end
end

# traffic: ~8 requests/s from 5 client loops, the router picks a dyno at random
MIX = [["GET", "/orders/%d", 36], ["POST", "/orders/%d/assign", 12], ["GET", "/couriers/%c/eta", 19], ["GET", "/dispatch/board.json", 3], ["GET", "/up", 30]]
def request(meth, path, rng)
  d = DYNOS[rng.rand(DYNOS.size)]
  return unless d.up
  rid = SecureRandom.uuid
  ip = "#{[81, 86, 212].sample(random: rng)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  res = Net::HTTP.start("127.0.0.1", d.port, open_timeout: 2, read_timeout: 60) do |h|
    req = meth == "POST" ? Net::HTTP::Post.new(path) : Net::HTTP::Get.new(path)
    req["X-Request-Id"] = rid
    req.body = "courier=#{rng.rand(1..900)}" if meth == "POST"
    h.request(req)
  end
  ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round
  line("heroku[router]", %(at=info method=#{meth} path="#{path}" host=#{HOST} request_id=#{rid} fwd="#{ip}" dyno=#{d.name} connect=0ms service=#{ms}ms status=#{res.code} bytes=#{res.body.to_s.bytesize + 190} protocol=https))
rescue StandardError
  nil
end

clients = Array.new(5) do |t|
  Thread.new do
    rng = Random.new(3371 + t)
    until Time.now > stop_at || (first_r14 && Time.now > first_r14 + 5)
      w = rng.rand * MIX.sum { |*, x| x }
      meth, path, = MIX.find { |*, x| (w -= x) < 0 } || MIX.first
      request(meth, path.gsub("%d") { rng.rand(1..80_000).to_s }.gsub("%c") { rng.rand(1..900).to_s }, rng)
      sleep(-Math.log(1 - rng.rand) * 5 / 8.0)
    end
  end
end

def api(msg) = line("app[api]", msg)
sleep [start + seconds * 0.15 - Time.now, 0].max
api("Set SEARCH_TIMEOUT_MS config vars by user mara@tarnwick.io")
api("Release v86 created by user mara@tarnwick.io")
note("v86: SEARCH_TIMEOUT_MS 800 -> 1200 (TW-318), config only; dynos restarting")
DYNOS.each { |d| restart(d, app_dir) }
sleep [start + seconds * 0.33 - Time.now, 0].max
api("Build started by user jonas@tarnwick.io")
api("Build succeeded")
File.write(File.join(app_dir, "lib/tarnwick/eta.rb"), File.read(File.join(app_dir, "lib/tarnwick/eta_v87.rb")))
api("Deploy 9d41e7a by user jonas@tarnwick.io")
api("Release v87 created by user jonas@tarnwick.io")
note("v87 deployed (9d41e7a: TW-312 ETA caching, TW-305 board filters); dynos restarting")
DYNOS.each { |d| restart(d, app_dir) }
sleep [start + seconds * 0.60 - Time.now, 0].max
note("dispatch board polls take 300+ ms and allocate ~300k objects each; the dispatchers keep it open all day. is the board what grows the dynos?")
sleep 0.2 until Time.now > stop_at || (first_r14 && Time.now > first_r14 + 5)
clients.each(&:join)
metrics.each(&:kill)
DYNOS.each { |d| Process.kill("TERM", -d.pid); Process.wait(d.pid) }
$stderr.puts "tarnwick: r14=#{first_r14 ? first_r14.utc.iso8601 : "none"}"
