# Traffic for the holdout27-ruby web incidents: ruby load.rb APP PORT SECONDS
# Open-loop Poisson arrivals over a few client threads (one request per connection) with the balancer's headers;
# periodic requests (reports) come from their own thread on their own clock, each with its own query list.
# Prints the count per route to stderr at the end.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# rate/s, clients, mix [[method, path, weight]], periodic [[method, [paths…], every s, first at s]]
RATE, CLIENTS, MIX, PERIODIC = {
  "pontalva" => [9.0, 6, [["POST", "/api/vessel-positions", 55], ["GET", "/berths/%n", 25], ["GET", "/bookings/%n", 12], ["GET", "/up", 8]],
                 [["GET", ["/reports/occupancy.xlsx?season=2026"], 18, 7]]],
  "scarrowby" => [6.0, 5, [["GET", "/patients/%n", 40], ["POST", "/consultations/%n/notes", 30], ["GET", "/appointments?date=2026-12-%d", 20], ["GET", "/up", 10]],
                  [["GET", ["/reports/vaccinations-due.csv?range=month", "/reports/vaccinations-due.csv?range=month",
                            "/reports/vaccinations-due.csv?range=year", "/reports/vaccinations-due.csv?range=month",
                            "/reports/vaccinations-due.csv?range=month"], 17, 6]]],
  "kestrelmouth" => [6.0, 5, [["GET", "/titles/%n", 40], ["GET", "/titles/%n/preview", 22], ["GET", "/search?q=%q", 28], ["GET", "/up", 10]], []],
}.fetch(app)
WORDS = %w[estuary lantern almanac cartography heron granite psalter meadow ember ledger thistle ferry quarry sparrow
           marsh beacon orchard tidewater]
$count = Hash.new(0)
$lock = Mutex.new

def body_for(path, rng)
  if path.include?("vessel-positions")
    "mmsi=#{rng.rand(200_000_000..799_999_999)}&lat=38.#{rng.rand(10**5)}&lon=-28.#{rng.rand(10**5)}&sog=#{rng.rand(0..140) / 10.0}&cog=#{rng.rand(0..359)}&nav_status=#{rng.rand(0..8)}"
  else
    "note[body]=" + Array.new(rng.rand(20..60)) { WORDS.sample(random: rng) }.join("+") + "&note[vet_id]=#{rng.rand(1..14)}&autosave=1"
  end
end

def fire(port, meth, path, rng)
  ip = "#{rng.rand(11..223)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..254)}"
  hdr = { "X-Forwarded-For" => ip, "X-Request-Id" => SecureRandom.uuid,
          "User-Agent" => "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15" }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 120) do |h|
    if meth == "POST"
      r = Net::HTTP::Post.new(path, hdr); r.body = body_for(path, rng); r["Content-Type"] = "application/x-www-form-urlencoded"
      h.request(r)
    else
      h.request(Net::HTTP::Get.new(path, hdr))
    end
  end
  $lock.synchronize { $count["#{meth} #{path.sub(/\?.*/, "").gsub(/\d+/, ":n")}"] += 1 }
rescue StandardError => e
  warn "#{Time.now.utc.strftime("%T")} #{meth} #{path}: #{e.class}"
end

def expand(path, rng)
  path.gsub("%n") { rng.rand(1..40_000).to_s }.gsub("%d") { format("%02d", rng.rand(1..28)) }
      .gsub("%q") { WORDS.sample(random: rng) + (rng.rand < 0.5 ? "+" + WORDS.sample(random: rng) : "") }
end

t0 = Time.now
threads = Array.new(CLIENTS) do |c|
  Thread.new do
    rng = Random.new(c * 7_919 + port)
    sleep rng.rand
    until Time.now > deadline
      r = rng.rand * MIX.sum { |m| m[2] }
      meth, path, = MIX.find { |m| (r -= m[2]) < 0 } || MIX.first
      fire(port, meth, expand(path, rng), rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
PERIODIC.each_with_index do |(meth, paths, every, first), i|
  threads << Thread.new do
    rng = Random.new(port * 3 + i)
    sleep first
    n = 0
    until Time.now > deadline - 4
      fire(port, meth, expand(paths[n % paths.size], rng), rng)
      n += 1
      sleep every * (0.85 + rng.rand * 0.3)
    end
  end
end
threads.each(&:join)
total = $count.values.sum
warn "#{app}: " + $count.sort.map { |k, v| "#{k}=#{v}" }.join(" ") + format(" total=%d rate=%.2f/s", total, total / (Time.now - t0))
