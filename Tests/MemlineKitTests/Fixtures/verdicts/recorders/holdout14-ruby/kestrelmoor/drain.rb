# Plays Heroku for kestrelmoor's web.1 on the recording box and writes what a syslog drain receives (octet-counted
# RFC 5424 frames, as logplex posts them): router lines for every request, the app's stdout (Puma's boot lines and
# lograge), log-runtime-metrics every ~20 s (memory from the dyno's process, quota 512 MB as on a Standard-1X) with R14,
# and the restart the on-call issues (`heroku ps:restart web.1`) 7 s after the second R14.
#   ruby drain.rb APP_DIR PORT SECONDS DRAIN_FILE NOTES_FILE
require "net/http"
require "securerandom"
require "time"

app_dir, port, seconds, drain_path, notes_path = ARGV[0], Integer(ARGV[1]), Float(ARGV[2]), ARGV[3], ARGV[4]
HOST = "kestrelmoor.herokuapp.com"
QUOTA = 512.0
DRAIN = File.open(drain_path, "w")
NOTES = File.open(notes_path, "a")
[DRAIN, NOTES].each { |f| f.sync = true }
OUT = Mutex.new

def frame(pri, app, proc_id, msg)
  body = "<#{pri}>1 #{Time.now.utc.strftime("%FT%T.%6N+00:00")} host #{app} #{proc_id} - #{msg}"
  OUT.synchronize { DRAIN.write("#{body.bytesize} #{body}\n") }
end
def heroku(msg) = frame(45, "heroku", "web.1", msg)
def note(msg) = NOTES.puts("#{Time.now.utc.strftime("%H:%M:%S")} #{msg}")

$dyno = nil
$up = false
def boot(app_dir, port)
  $dyno = "heroku.61204417.#{SecureRandom.uuid}"
  heroku("Starting process with command `bundle exec puma -C config/puma.rb`")
  r, w = IO.pipe
  pid = Process.spawn({ "PORT" => port.to_s, "RACK_ENV" => "production", "RAILS_LOG_TO_STDOUT" => "enabled" },
                      "puma", "-C", "config/puma.rb", "config.ru", chdir: app_dir, out: w, err: w, pgroup: true)
  w.close
  Thread.new { r.each_line { |l| frame(190, "app", "web.1", l.chomp) } }
  until (Net::HTTP.get_response("127.0.0.1", "/up", port) rescue nil)
    sleep 0.2
  end
  heroku("State changed from starting to up")
  $up = true
  pid
end

def rss_mb(pid) = File.read("/proc/#{pid}/status")[/^VmRSS:\s+(\d+)/, 1].to_i / 1024.0 rescue 0.0

start = Time.now
$pid = boot(app_dir, port)
stop_at = start + seconds
r14 = 0
restart_at = nil
metrics = Thread.new do
  sleep 4.3
  loop do
    rss = rss_mb($pid)
    if $up && rss > 0
      cache = 6.12
      total = rss + cache
      frame(45, "heroku", "web.1", "source=web.1 dyno=#{$dyno} sample#load_avg_1m=#{format("%.2f", 0.4 + rand)} sample#load_avg_5m=0.71 sample#load_avg_15m=0.66")
      frame(45, "heroku", "web.1", format("source=web.1 dyno=%s sample#memory_total=%.2fMB sample#memory_rss=%.2fMB sample#memory_cache=%.2fMB sample#memory_swap=0.00MB sample#memory_pgpgin=%dpages sample#memory_pgpgout=%dpages sample#memory_quota=%.2fMB",
                                          $dyno, total, rss, cache, (total * 256).to_i + 4100, 3900, QUOTA))
      if total > QUOTA
        heroku(format("Process running mem=%dM(%.1f%%)", total.round, total / QUOTA * 100))
        heroku("Error R14 (Memory quota exceeded)")
        r14 += 1
        if r14 == 2 && restart_at.nil?
          restart_at = Time.now + 7
          note("second R14 on web.1 (#{total.round} MB). restarting it: heroku ps:restart web.1")
        end
      end
    end
    sleep 20
  end
end

# traffic: ~8 requests/s from 4 client loops; the fleet CSV twice (at 24 % and 78 % of the run)
MIX = [["GET", "/docks/%d", 38], ["GET", "/bikes/%d", 24], ["POST", "/rentals/%d/quotes", 15], ["POST", "/rentals", 9], ["GET", "/up", 14]]
def request(port, meth, path, rng)
  return unless $up
  rid = SecureRandom.uuid
  ip = "#{[198, 203, 192].sample(random: rng)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  res = Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) do |h|
    req = meth == "POST" ? Net::HTTP::Post.new(path) : Net::HTTP::Get.new(path)
    req["X-Request-Id"] = rid
    req.body = "dock=#{rng.rand(1..60)}&hours=#{rng.rand(1..6)}" if meth == "POST"
    h.request(req)
  end
  ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round
  frame(158, "heroku", "router", %(at=info method=#{meth} path="#{path}" host=#{HOST} request_id=#{rid} fwd="#{ip}" dyno=web.1 connect=0ms service=#{ms}ms status=#{res.code} bytes=#{res.body.to_s.bytesize + 210} protocol=https))
rescue StandardError
  nil
end

clients = Array.new(4) do |t|
  Thread.new do
    rng = Random.new(4099 + t)
    until Time.now > stop_at
      w = rng.rand * MIX.sum { |*, x| x }
      meth, path, = MIX.find { |*, x| (w -= x) < 0 } || MIX.first
      request(port, meth, path.gsub("%d") { rng.rand(1..4000).to_s }, rng)
      sleep(-Math.log(1 - rng.rand) * 4 / 8.0)
    end
  end
end
[0.24, 0.78].each do |f|
  clients << Thread.new do
    sleep [start + seconds * f - Time.now, 0].max
    note("ops pulling the monthly fleet usage CSV (/reports/fleet-usage.csv)") if f < 0.5
    request(port, "GET", "/reports/fleet-usage.csv", Random.new(7))
  end
end

restarted = false
until Time.now > stop_at
  if restart_at && !restarted && Time.now >= restart_at
    restarted = true
    heroku("Restarting")
    heroku("State changed from up to starting")
    $up = false
    heroku("Stopping all processes with SIGTERM")
    Process.kill("TERM", -$pid)
    Process.wait($pid)
    heroku("Process exited with status 143")
    $pid = boot(app_dir, port)
    stop_at = [stop_at, Time.now + 66].max
  end
  sleep 0.2
end
clients.each(&:join)
metrics.kill
Process.kill("TERM", -$pid)
Process.wait($pid)
$stderr.puts "kestrelmoor: r14=#{r14} restarted=#{restarted}"
