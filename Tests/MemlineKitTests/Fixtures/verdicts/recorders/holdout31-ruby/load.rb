# Traffic for the holdout31-ruby incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential think times (one request per connection); scheduled requests come from their own
# threads at fixed offsets; a keep-alive client (one persistent connection, like a partner's integration) where the
# app has one. Prints a count per route to stderr at the end. Loopback only, bounded.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
t0 = Time.now
stop_at = t0 + seconds
scale = seconds / 110.0
# rate (requests/s), clients, mix [[path, weight]], scheduled [[path, at-seconds...]], keepalive [path, rate, headers]
cfg = {
  "copperbeck" => [7.0, 5, [["/stays/%n/feeding", 44], ["/dogs/%n", 26], ["/kennels/%k/board", 18], ["/up", 12]],
                   [["/exports/invoices.csv?month=2026-11", 18, 88], ["/exports/invoices.csv?month=all", 52]], nil],
  "cresswell" => [6.0, 4, [["/api/v1/orders/%n", 40], ["/api/v1/products/%p", 30], ["/shop/%n", 16], ["/up", 14]],
                  [["/reports/daily-bake.pdf?date=2026-12-07", 14, 40, 66, 92]],
                  ["/api/v1/orders/%n", 3.0, { "X-Tenant" => "northgate-coop", "User-Agent" => "NorthgateCoop-ERP/4.2 (+orders sync)" }]],
  "nandihills" => [7.0, 5, [["/lots/%n", 46], ["/auctions/%a", 20], ["/gardens/%g/invoices", 20], ["/up", 14]],
                   [["/auctions/%a/catalogue.pdf", 12, 30, 62, 95]], nil],
}.fetch(app)
rate, clients, mix, scheduled, keepalive = cfg
$tally = Hash.new(0)
$m = Mutex.new
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"]

def headers(rng, extra = {})
  { "X-Forwarded-For" => "#{rng.rand(20..212)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..250)}",
    "X-Request-Id" => SecureRandom.uuid, "User-Agent" => UAS.sample(random: rng) }.merge(extra)
end

def tally(path) = $m.synchronize { $tally[path.sub(/\?.*/, "").gsub(/\d+/, ":n")] += 1 }

def hit(port, path, rng)
  Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 60, max_retries: 0) { |h| h.request(Net::HTTP::Get.new(path, headers(rng))) }
  tally(path)
rescue StandardError => e
  warn "#{Time.now.utc.strftime("%T")} #{path}: #{e.class} #{e.message}"
end

def fill(path, rng)
  path.gsub("%n") { rng.rand(1..9_000).to_s }.gsub("%k") { rng.rand(1..8).to_s }.gsub("%p") { rng.rand(100..480).to_s }
      .gsub("%a") { rng.rand(4410..4460).to_s }.gsub("%g") { rng.rand(1..24).to_s }
end

threads = Array.new(clients) do |c|
  Thread.new do
    rng = Random.new(port * 31 + c)
    sleep rng.rand
    while Time.now < stop_at
      pick = rng.rand * mix.sum(&:last)
      path = (mix.find { |(_, w)| (pick -= w) < 0 } || mix.first).first
      hit(port, fill(path, rng), rng)
      sleep(-Math.log(1 - rng.rand) * clients / rate)
    end
  end
end
scheduled.each_with_index do |(path, *ats), i|
  threads << Thread.new do
    rng = Random.new(port + 97 * i)
    ats.each do |at|
      d = t0 + at * scale - Time.now
      sleep d if d > 0
      break if Time.now > stop_at - 2
      hit(port, fill(path, rng), rng)
    end
  end
end
if keepalive
  path, ka_rate, extra = keepalive
  threads << Thread.new do
    rng = Random.new(port * 7)
    sleep 2
    while Time.now < stop_at
      begin
        Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 60, max_retries: 0) do |h|
          h.keep_alive_timeout = 30
          while Time.now < stop_at
            p = fill(path, rng)
            h.request(Net::HTTP::Get.new(p, headers(rng, extra).merge("X-Forwarded-For" => "81.2.69.160")))
            tally("keepalive " + p)
            sleep(-Math.log(1 - rng.rand) / ka_rate)
          end
        end
      rescue StandardError => e
        warn "#{Time.now.utc.strftime("%T")} keepalive: #{e.class} #{e.message}"
      end
    end
  end
end
threads.each(&:join)
$tally.sort.each { |k, v| warn "#{k} #{v}" }
