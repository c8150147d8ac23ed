# Traffic for the holdout17-ruby puma/unicorn incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# [rate per second, client threads, mix of [method, path, weight]]
RATE, CLIENTS, MIX = {
  # puma single mode: every request passes the breadcrumbs middleware; document uploads ~3 % (one every ~4 s)
  "kestrelmoor" => [8.5, 6, [["GET", "/sailings", 24], ["GET", "/bookings/%d", 31], ["POST", "/bookings", 9], ["GET", "/manifests/%d", 12],
                             ["POST", "/bookings/%d/documents", 3], ["GET", "/up", 21]]],
  # the quote page is ~18 % of the traffic
  "coldharbour" => [6.5, 5, [["GET", "/quotes/%d", 18], ["GET", "/lanes", 27], ["POST", "/shipments", 10], ["GET", "/tracking/%d", 30],
                             ["GET", "/health", 15]]],
  # the bookings export is ~4 % of the traffic
  "larchwater" => [7.5, 6, [["GET", "/cabins/%d", 38], ["GET", "/availability", 25], ["POST", "/reservations", 9],
                            ["GET", "/exports/bookings.csv", 4], ["GET", "/healthcheck", 24]]],
}.fetch(app)

def request(port, meth, path, rng)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.org", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = "customer=#{rng.rand(10**6)}&lines=#{rng.rand(1..9)}"
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
    rng = Random.new(t * 6151 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..60_000).to_s }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
threads.each(&:join)
