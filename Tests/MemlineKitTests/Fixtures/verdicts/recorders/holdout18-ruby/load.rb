# Traffic for the holdout18-ruby puma/unicorn incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
# A mix entry may carry a window [from, to] (fractions of the run) outside which it is not sent; an app may double its
# rate (and clients) from a fraction of the run on.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
t0 = Time.now
deadline = t0 + seconds
# [rate per second, client threads, mix of [method, path, weight, window], doubling at]
RATE, CLIENTS, MIX, DOUBLE_AT = {
  # label renders ~9 % of the traffic, the depot finder ~27 %
  "wrenfield" => [9.0, 6, [["GET", "/shipments/%d/label.zpl", 9], ["GET", "/depots/nearby", 27], ["GET", "/tracking/%d", 33],
                           ["POST", "/shipments", 11], ["GET", "/healthz", 20]], nil],
  # route plans ~14 %, the trips export ~3 %
  "thistlecombe" => [7.0, 5, [["GET", "/route_plans/%d", 14], ["GET", "/stops/%d/departures", 38], ["GET", "/exports/trips.csv", 3],
                              ["POST", "/journeys", 12], ["GET", "/status", 33]], nil],
  # 4/s, then 8/s from half-way (the CDN TTL change); the admin stock audit only while the traffic rises (50-68 %)
  "hazelrigg" => [4.0, 4, [["GET", "/products/%d", 46], ["GET", "/stores/%d/stock", 22], ["POST", "/collect_orders", 9],
                           ["GET", "/admin/stock_audit", 4, [0.5, 0.68]], ["GET", "/up", 10]], 0.5],
}.fetch(app)

def request(port, meth, path, rng)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.org", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = "customer=#{rng.rand(10**6)}&items=#{rng.rand(1..9)}"
      req["Content-Type"] = "application/x-www-form-urlencoded"
      h.request(req)
    else
      h.request(Net::HTTP::Get.new(path, headers))
    end
  end
rescue StandardError => e
  warn "#{Time.now.utc} #{path}: #{e.class}"
end

client = lambda do |t, rate, clients, from|
  Thread.new do
    rng = Random.new(t * 7331 + port)
    sleep(from - Time.now) if from > Time.now
    until Time.now > deadline
      f = (Time.now - t0) / seconds
      mix = MIX.select { |e| e[3].nil? || (e[3][0]..e[3][1]).cover?(f) }
      r = rng.rand * mix.sum { |e| e[2] }
      meth, path, = mix.find { |e| (r -= e[2]) < 0 } || mix.first
      path = path.gsub("%d") { rng.rand(1..40_000).to_s }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * clients / rate)
    end
  end
end
threads = Array.new(CLIENTS) { |t| client.(t, RATE, CLIENTS, t0) }
# doubling: as many clients again, at the same rate, from DOUBLE_AT on
threads += Array.new(CLIENTS) { |t| client.(CLIENTS + t, RATE, CLIENTS, t0 + seconds * DOUBLE_AT) } if DOUBLE_AT
threads.each(&:join)
