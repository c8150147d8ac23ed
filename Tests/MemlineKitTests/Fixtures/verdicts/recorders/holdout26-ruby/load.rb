# Traffic for the holdout26-ruby web incidents: ruby load.rb APP PORT SECONDS [ROUTER_LOG]
# Open-loop Poisson arrivals over a few client threads (one request per connection) with the balancer's headers;
# periodic requests (reports, exports) come from their own thread on their own clock. With ROUTER_LOG (the platform
# stand-in for quenby) each response is also written as the platform router's line, from the measured connect and
# service times, status and body size. Prints the count per route to stderr at the end.
require "net/http"
require "securerandom"
require "time"

app, port, seconds, router_log = ARGV[0], Integer(ARGV[1]), Float(ARGV[2]), ARGV[3]
deadline = Time.now + seconds
# rate/s, clients, mix [[method, path, weight]], periodic [[method, path, every s, first at s]]
RATE, CLIENTS, MIX, PERIODIC = {
  "culverdale" => [8.0, 6, [["POST", "/api/tanker-pickups", 50], ["GET", "/farms/%n", 35], ["GET", "/up", 15]],
                   [["GET", "/reports/collections.csv?month=2026-%m", 15, 9]]],
  "wrenfold" => [5.0, 4, [["GET", "/appointments/%n", 45], ["GET", "/clinicians/%c/schedule", 30], ["POST", "/referrals/%n/letters", 9], ["GET", "/up", 16]], []],
  "quenby" => [6.0, 5, [["GET", "/catalogue/search?q=%q", 40], ["GET", "/books/%n", 35], ["POST", "/holds", 12], ["GET", "/up", 13]],
               [["GET", "/reports/overdue.pdf?branch=%b", 22, 8]]],
}.fetch(app)
WORDS = %w[harbour moor tide lantern orchard willow heron granite meadow ember cobble thistle ferry almanac quarry
           sparrow marsh beacon]
$count = Hash.new(0)
$lock = Mutex.new
$router = router_log && File.open(router_log, "a").tap { |f| f.sync = true }

def body_for(path, rng)
  if path.include?("tanker-pickups")
    "tanker=TK#{rng.rand(10..60)}&route=R#{rng.rand(1..24)}&" + Array.new(12) { |i| "farm#{i}=#{rng.rand(1..900)}:#{rng.rand(800..4000)}L:#{rng.rand(30..45) / 10.0}C" }.join("&")
  elsif path.include?("letters") then "template=referral&urgency=#{%w[routine soon urgent].sample(random: rng)}&to=#{rng.rand(1..400)}"
  else "book=#{rng.rand(1..90_000)}&patron=P#{rng.rand(10**6)}&branch=#{%w[quenby-central eastgate millbrook].sample(random: rng)}"
  end
end

def fire(port, meth, path, rng)
  ip = "#{rng.rand(11..223)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..254)}"
  rid = SecureRandom.uuid
  hdr = { "X-Forwarded-For" => ip, "X-Request-Id" => rid, "User-Agent" => "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36" }
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC); at = Time.now
  res = nil; t1 = nil
  Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 120) do |h|
    t1 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    if meth == "POST"
      r = Net::HTTP::Post.new(path, hdr); r.body = body_for(path, rng); r["Content-Type"] = "application/x-www-form-urlencoded"
      res = h.request(r)
    else
      res = h.request(Net::HTTP::Get.new(path, hdr))
    end
  end
  t2 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  if $router
    line = format(%(%s heroku[router]: at=info method=%s path="%s" host=quenby-library.herokuapp.com request_id=%s fwd="%s" dyno=web.1 connect=%dms service=%dms status=%s bytes=%d protocol=https),
                  at.utc.iso8601(6), meth, path, rid, ip, ((t1 - t0) * 1000).round, ((t2 - t1) * 1000).round, res.code, res.body.to_s.bytesize + 180)
    $lock.synchronize { $router.puts(line) }
  end
  $lock.synchronize { $count["#{meth} #{path.sub(/\?.*/, "").gsub(/\d+/, ":n")}"] += 1 }
rescue StandardError => e
  if $router
    $lock.synchronize do
      $router.puts(format(%(%s heroku[router]: at=error code=H13 desc="Connection closed without response" method=%s path="%s" host=quenby-library.herokuapp.com request_id=%s fwd="%s" dyno=web.1 connect=0ms service=0ms status=503 bytes=0 protocol=https),
                          Time.now.utc.iso8601(6), meth, path, rid, ip))
    end
  end
  warn "#{Time.now.utc.strftime("%T")} #{meth} #{path}: #{e.class}"
end

def expand(path, rng)
  path.gsub("%n") { rng.rand(1..60_000).to_s }.gsub("%c") { rng.rand(1..400).to_s }.gsub("%m") { format("%02d", rng.rand(1..11)) }
      .gsub("%q") { WORDS.sample(random: rng) + (rng.rand < 0.5 ? "+" + WORDS.sample(random: rng) : "") }
      .gsub("%b") { %w[quenby-central eastgate millbrook].sample(random: rng) }
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
PERIODIC.each_with_index do |(meth, path, every, first), i|
  threads << Thread.new do
    rng = Random.new(port * 3 + i)
    sleep first
    until Time.now > deadline - 4
      fire(port, meth, expand(path, rng), rng)
      sleep every * (0.85 + rng.rand * 0.3)
    end
  end
end
threads.each(&:join)
total = $count.values.sum
warn "#{app}: " + $count.sort.map { |k, v| "#{k}=#{v}" }.join(" ") + format(" total=%d rate=%.2f/s", total, total / (Time.now - t0))
