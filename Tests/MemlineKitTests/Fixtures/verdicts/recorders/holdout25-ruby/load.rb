# Traffic for the holdout25-ruby web incidents: ruby load.rb APP PORT SECONDS
# Open-loop Poisson arrivals spread over a few client threads (one request per connection), headers as the balancer
# sets them; "periodic" requests (reports, exports) come from their own thread on their own clock. Prints the count
# per route to stderr at the end, and warns when the achieved rate is far below the target.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# rate/s, clients, mix [[method, path, weight]], periodic [[method, path, every s, first at s]]
RATE, CLIENTS, MIX, PERIODIC = {
  "marrowfield" => [8.0, 6, [["GET", "/api/meters/%n", 50], ["POST", "/api/meter-reads", 35], ["GET", "/up", 15]],
                    [["GET", "/exports/consumption.csv?quarter=2026Q%q", 13, 7]]],
  "pennock" => [7.0, 5, [["GET", "/maps/tiles/%z/%n/%n.png", 45], ["GET", "/applications/%n", 35], ["POST", "/applications/%n/comments", 8], ["GET", "/up", 12]], []],
  "oxwich" => [6.0, 5, [["GET", "/sailings/%n", 45], ["POST", "/bookings", 20], ["GET", "/bookings/%n", 20], ["GET", "/up", 15]],
               [["GET", "/reports/harbour-manifest?day=2026-12-%d", 14, 6]]],
}.fetch(app)
$count = Hash.new(0)
$lock = Mutex.new

def body_for(path, rng)
  if path.include?("meter-reads")
    gw = "GW#{rng.rand(1000..9999)}"
    hdr = "#gateway=#{gw};fw=4.2.#{rng.rand(20)};site=marrowfield-dma-#{rng.rand(40)};" + Array.new(24) { |k| "ch#{k}=#{rng.rand(10**9)}" }.join(";")
    ([hdr] + Array.new(30) { |i| "mf#{rng.rand(10**8)},2026-12-07T0#{i % 10}:00Z,#{rng.rand(99_999) / 10.0}" }).join("\n")
  elsif path.include?("/comments") then "comment=" + ("The extension overlooks our garden and the hedge line. " * 5) + rng.rand(10**6).to_s
  else "sailing=#{rng.rand(1..400)}&passengers=#{rng.rand(1..6)}&vehicle=#{%w[car van none].sample(random: rng)}"
  end
end

def fire(port, meth, path, rng)
  ip = "#{rng.rand(11..223)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..254)}"
  hdr = { "X-Forwarded-For" => ip, "X-Request-Id" => SecureRandom.uuid, "User-Agent" => "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" }
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
  path.gsub("%n") { rng.rand(1..60_000).to_s }.gsub("%z") { rng.rand(12..17).to_s }.gsub("%q") { rng.rand(1..4).to_s }
      .gsub("%d") { format("%02d", rng.rand(1..28)) }
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
