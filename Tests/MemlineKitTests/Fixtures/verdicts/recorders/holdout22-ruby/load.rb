# Traffic for the holdout22-ruby web incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Request-Id / X-Forwarded-For as the balancer sets
# them. fernhollow: a share of the clients are the iOS app (X-Fernhollow-App + X-Fernhollow-Device), the rest browsers.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# [rate per second, client threads, share of app clients, mix of [method, path, weight]]
RATE, CLIENTS, APP_SHARE, MIX = {
  # the iOS app ~27 % of requests across all endpoints; the plant search ~3 %
  "fernhollow" => [7.0, 5, 0.27, [["GET", "/plants/%d", 38], ["GET", "/orders", 14], ["POST", "/basket/items", 16],
                                  ["GET", "/stores/%s/stock", 17], ["GET", "/search?q=%q", 3], ["GET", "/up", 12]]],
  # shipment timelines ~22 %
  "wrenmarsh" => [4.0, 4, 0, [["GET", "/shipments/%d", 35], ["GET", "/api/shipments/%d/timeline", 22], ["POST", "/quotes", 13],
                              ["GET", "/help", 8], ["GET", "/depots", 10], ["GET", "/healthz", 12]]],
  "alderbrook" => [4.5, 3, 0, [["GET", "/courses/%c", 40], ["GET", "/courses/%c/sessions", 22], ["GET", "/tutors/%d", 14],
                               ["POST", "/enrolments", 8], ["GET", "/", 10], ["GET", "/up", 6]]],
}.fetch(app)
STORES = %w[kew-road marlow bishops-stortford hexham lydney]
QUERIES = %w[hosta acer+palmatum lavender rose+climbing fern peat+free+compost salvia clematis]

def request(port, meth, path, rng, mobile)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.org", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  if mobile
    headers["User-Agent"] = "Fernhollow/4.12.0 (iPhone; iOS 17.1; Scale/3.00)"
    headers["X-Fernhollow-App"] = "ios/4.12.0"
    headers["X-Fernhollow-Device"] = SecureRandom.hex(16)
  else
    headers["User-Agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"
  end
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = "sku=#{rng.rand(10**5)}&qty=#{rng.rand(1..6)}"
      req["Content-Type"] = "application/x-www-form-urlencoded"
      h.request(req)
    else
      h.request(Net::HTTP::Get.new(path, headers))
    end
  end
rescue StandardError => e
  warn "#{Time.now.utc} #{path}: #{e.class}"
end

threads = Array.new(CLIENTS) do |t|
  Thread.new do
    rng = Random.new(t * 104_729 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..60_000).to_s }.gsub("%s") { STORES.sample(random: rng) }
                 .gsub("%q") { QUERIES.sample(random: rng) }.gsub("%c") { format("c%03d", rng.rand(1..240)) }
      request(port, meth, path, rng, rng.rand < APP_SHARE)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
threads.each(&:join)
