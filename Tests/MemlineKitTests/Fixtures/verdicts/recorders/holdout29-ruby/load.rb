# Traffic for the holdout29-ruby web incidents: ruby load.rb APP PORT SECONDS
# A few client threads with exponential think times (one request per connection, proxy headers); scheduled
# requests (letters, reports, exports) come from their own thread. Prints a count per route to stderr at the end.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
stop_at = Time.now + seconds
# [requests/s, clients, [[path, weight]], [[path, every s, first at s]]]
rate, clients, mix, scheduled = {
  "wickmoor" => [7.0, 5, [["/patients/%n/chart", 50], ["/appointments?day=2026-12-%d", 30], ["/up", 20]],
                 [["/referrals/%n/letter.pdf", 16, 9]]],
  "brackenfold" => [6.0, 5, [["/herds/%h/yields?from=2026-11-%d&to=2026-12-07", 46], ["/cows/%n", 34], ["/up", 20]],
                    [["/reports/milk-quality.csv?month=2026-11", 24, 14]]],
  "cobbledene" => [8.0, 6, [["/catalogue/%c", 60], ["/loans?member=%n", 25], ["/up", 15]],
                   [["/exports/overdue.csv", 30, 22]]],
}.fetch(app)
$tally = Hash.new(0)
$m = Mutex.new

def hit(port, path, rng)
  hdr = { "X-Forwarded-For" => "#{rng.rand(20..212)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..250)}",
          "X-Request-Id" => SecureRandom.uuid,
          "User-Agent" => ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
                           "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0",
                           "kube-probe/1.28"].sample(random: rng) }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 60) { |h| h.request(Net::HTTP::Get.new(path, hdr)) }
  $m.synchronize { $tally[path.sub(/\?.*/, "").gsub(/\d+/, ":n")] += 1 }
rescue StandardError => e
  warn "#{Time.now.utc.strftime("%T")} #{path}: #{e.class} #{e.message}"
end

def fill(path, rng)
  path.gsub("%n") { rng.rand(1..6_000).to_s }.gsub("%d") { format("%02d", rng.rand(1..30)) }
      .gsub("%h") { rng.rand(1..40).to_s }.gsub("%c") { format("b%07d", rng.rand(1..400)) }
end

started = Time.now
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
n = $tally.values.sum
warn "#{app}: " + $tally.sort.map { |k, v| "#{k}=#{v}" }.join(" ") + format(" total=%d rate=%.2f/s", n, n / (Time.now - started))
