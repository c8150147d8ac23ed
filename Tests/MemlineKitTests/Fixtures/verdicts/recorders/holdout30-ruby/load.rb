# Traffic for the holdout30-ruby web incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential think times (one request per connection); scheduled requests (reports, exports,
# rota PDFs) come from their own threads. Prints a count per route to stderr at the end. Loopback only, bounded.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
stop_at = Time.now + seconds
# [requests/s, clients, [[path, weight]], [[path, every s, first at s]]]
rate, clients, mix, scheduled = {
  "saltings" => [7.0, 5, [["/berths/%b", 45], ["/vessels/%i", 25], ["/arrivals?date=2026-12-%d", 18], ["/up", 12]],
                 [["/reports/tonnage.csv?month=2026-11", 21, 8]]],
  "gorsedown" => [6.0, 5, [["/patients/%n/ecg/%s.png", 34], ["/formulary/%f", 36], ["/patients/%n", 18], ["/up", 12]],
                  [["/clinics/%c/rota.pdf", 19, 12]]],
  "fellgate" => [7.0, 5, [["/appointments/%n", 48], ["/pets/%n", 24], ["/slots?day=2026-12-%d", 16], ["/up", 12]],
                 [["/exports/vaccinations.csv", 27, 15]]],
}.fetch(app)
$tally = Hash.new(0)
$m = Mutex.new

def hit(port, path, rng)
  hdr = { "X-Forwarded-For" => "#{rng.rand(20..212)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..250)}",
          "X-Request-Id" => SecureRandom.uuid,
          "User-Agent" => ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
                           "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
                           "ELB-HealthChecker/2.0"].sample(random: rng) }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 60) { |h| h.request(Net::HTTP::Get.new(path, hdr)) }
  $m.synchronize { $tally[path.sub(/\?.*/, "").gsub(/\d+/, ":n")] += 1 }
rescue StandardError => e
  warn "#{Time.now.utc.strftime("%T")} #{path}: #{e.class} #{e.message}"
end

def fill(path, rng)
  path.gsub("%n") { rng.rand(1..9_000).to_s }.gsub("%d") { format("%02d", rng.rand(1..30)) }
      .gsub("%b") { rng.rand(1..60).to_s }.gsub("%i") { rng.rand(9_100_000..9_899_999).to_s }
      .gsub("%s") { rng.rand(1..40).to_s }.gsub("%f") { rng.rand(1..4_000).to_s }.gsub("%c") { rng.rand(1..6).to_s }
end

workers = Array.new(clients) do |c|
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
scheduled.each_with_index do |(path, every, first), i|
  workers << Thread.new do
    rng = Random.new(port + 97 * i)
    sleep first
    while Time.now < stop_at - 3
      hit(port, fill(path, rng), rng)
      sleep [every * (0.9 + 0.2 * rng.rand), stop_at - Time.now].min.clamp(0, nil)
    end
  end
end
workers.each(&:join)
$tally.sort.each { |k, v| warn "#{k} #{v}" }
