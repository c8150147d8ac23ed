# Traffic for the holdout28-ruby web incidents: ruby load.rb APP PORT SECONDS
# Open-loop Poisson arrivals over a few client threads (one request per connection, balancer headers); periodic
# requests (reports, exports) come from their own thread on their own clock. Prints counts per route to stderr.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# rate/s, clients, mix [[method, path, weight]], periodic [[method, path, every s, first at s]]
RATE, CLIENTS, MIX, PERIODIC = {
  "hollowmere" => [8.0, 6, [["POST", "/api/tank-readings", 62], ["GET", "/collections/%n", 28], ["GET", "/up", 10]],
                   [["GET", "/reports/butterfat.csv?month=2026-11", 28, 20]]],
  "saltcote" => [6.0, 5, [["GET", "/sessions/%n/lanes", 44], ["GET", "/members/%n", 26], ["GET", "/sessions", 20], ["GET", "/up", 10]],
                 [["GET", "/reports/attendance.csv?month=2026-11", 34, 12]]],
  "amberleigh" => [7.0, 5, [["GET", "/plots/%n", 62], ["GET", "/waiting-list", 26], ["GET", "/up", 12]],
                   [["GET", "/exports/harvest.csv?season=2026", 40, 45]]],
}.fetch(app)
$count = Hash.new(0)
$lock = Mutex.new

def fire(port, meth, path, rng)
  ip = "#{rng.rand(11..223)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..254)}"
  hdr = { "X-Forwarded-For" => ip, "X-Request-Id" => SecureRandom.uuid,
          "User-Agent" => "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36" }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 60) do |h|
    if meth == "POST"
      r = Net::HTTP::Post.new(path, hdr)
      r.body = "tank_id=T#{rng.rand(1..48)}&temp_c=#{3 + rng.rand(30) / 10.0}&litres=#{rng.rand(800..9000)}&frames=" + Array.new(24) { format("%064x", rng.rand(2**256)) }.join
      r["Content-Type"] = "application/x-www-form-urlencoded"
      h.request(r)
    else
      h.request(Net::HTTP::Get.new(path, hdr))
    end
  end
  $lock.synchronize { $count["#{meth} #{path.sub(/\?.*/, "").gsub(/\d+/, ":n")}"] += 1 }
rescue StandardError => e
  warn "#{Time.now.utc.strftime("%T")} #{meth} #{path}: #{e.class}"
end

t0 = Time.now
threads = Array.new(CLIENTS) do |c|
  Thread.new do
    rng = Random.new(c * 7_919 + port)
    sleep rng.rand
    until Time.now > deadline
      r = rng.rand * MIX.sum { |m| m[2] }
      meth, path, = MIX.find { |m| (r -= m[2]) < 0 } || MIX.first
      fire(port, meth, path.gsub("%n") { rng.rand(1..4_000).to_s }, rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
PERIODIC.each_with_index do |(meth, path, every, first), i|
  threads << Thread.new do
    rng = Random.new(port * 3 + i)
    sleep first
    until Time.now > deadline - 4
      fire(port, meth, path, rng)
      sleep [every * (0.85 + rng.rand * 0.3), deadline - Time.now].min.clamp(0, nil)
    end
  end
end
threads.each(&:join)
total = $count.values.sum
warn "#{app}: " + $count.sort.map { |k, v| "#{k}=#{v}" }.join(" ") + format(" total=%d rate=%.2f/s", total, total / (Time.now - t0))
