# Traffic for the holdout15-ruby puma/unicorn incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# [rate per second, client threads, mix of [method, path, weight]]
RATE, CLIENTS, MIX = {
  # the loyalty claims are ~5 % of the traffic, the product feed ~17 %
  "saltmere" => [9.0, 6, [["GET", "/products/%d", 38], ["GET", "/stores/%s/offers", 22], ["GET", "/feeds/products.xml", 17],
                          ["POST", "/loyalty/claims", 5], ["GET", "/up", 18]]],
  # the occupancy report (slow, ~1.5-3 s) is ~4 %, served by whichever worker accepts it
  "brindlecombe" => [8.0, 6, [["GET", "/rooms/%d", 40], ["GET", "/availability?from=%f", 26], ["POST", "/bookings", 14],
                              ["GET", "/reports/occupancy", 4], ["GET", "/", 16]]],
}.fetch(app)
STORES = %w[leith portobello morningside stockbridge gorgie marchmont].freeze

def request(port, meth, path, rng)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.org", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = "member=#{rng.rand(10**7)}&ref=#{rng.rand(10**6)}"
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
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..40_000).to_s }.gsub("%s") { STORES.sample(random: rng) }.gsub("%f") { "2026-12-#{rng.rand(10..28)}" }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
threads.each(&:join)
