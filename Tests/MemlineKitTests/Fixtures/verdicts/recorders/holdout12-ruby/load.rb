# Traffic for the holdout12-ruby web incidents: ruby load.rb APP PORT SECONDS [AT_FRACTION PATH [PORT]]...
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
# For ferncastle the balancer in front of unicorn (haproxy `balance source`, one backend port per worker) is played here:
# the client's IP picks the port, PORT + crc32(ip) % 3, so a client always lands on the same worker.
# Each extra pair/triple after SECONDS is a one-off GET at that fraction of the run.
require "net/http"
require "securerandom"
require "zlib"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
onces = ARGV[3..].each_slice(3).map { |f, p, pt| [f.to_f, p, (pt || port).to_i] }
start = Time.now
deadline = start + seconds
# clients: [ip or nil (random), rate per second, mix]
CLIENTS = {
  "quillby" => [[nil, 3.0, [["GET", "/invoices/%d", 50], ["GET", "/customers/%d", 30], ["POST", "/invoices", 8], ["GET", "/", 12]]]],
  # the stock partner (one IP, 1.1/s), an uptime checker pinned by its IP (2.6/s on /healthz), and the shoppers
  "ferncastle" => [["198.51.100.77", 1.1, [["GET", "/api/v2/stock_feed?since=%t&warehouse=%w", 1]]],
                   ["192.0.2.14", 2.6, [["GET", "/healthz", 1]]],
                   [nil, 4.0, [["GET", "/products/%d", 52], ["GET", "/categories/%c", 22], ["POST", "/basket/lines", 9], ["GET", "/", 17]]]],
  "pebbledash" => [[nil, 6.0, [["POST", "/v1/telemetry", 45], ["GET", "/v1/zones/%z", 35], ["GET", "/v1/health", 20]]]],
  "larchmont" => [[nil, 9.0, [["GET", "/members/%m", 55], ["GET", "/events/%d", 20], ["POST", "/bookings", 8], ["GET", "/", 17]]]],
}.fetch(app)
WH = %w[leeds-3 crewe-1 thurrock-2 bristol-4].freeze
CATS = %w[garden tools paint lighting bathroom kitchen flooring].freeze

def request(port, meth, path, rng, ip)
  ip ||= "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.net", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  to = $app == "ferncastle" ? port + Zlib.crc32(ip) % 3 : port
  Net::HTTP.start("127.0.0.1", to, open_timeout: 2, read_timeout: 120) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = path.include?("telemetry") ? "device=pd-#{rng.rand(400)}&" + Array.new(60) { |i| "r#{i}=#{rng.rand}" }.join("&") : "qty=#{rng.rand(1..5)}&ref=#{rng.rand(10**6)}"
      req["Content-Type"] = "application/x-www-form-urlencoded"
      h.request(req)
    else
      h.request(Net::HTTP::Get.new(path, headers))
    end
  end
rescue StandardError => e
  warn "#{Time.now.utc} #{path}: #{e.class}"
end
$app = app

threads = CLIENTS.each_with_index.flat_map do |(ip, rate, mix), ci|
  n = ip ? 1 : 4
  Array.new(n) do |t|
    Thread.new do
      rng = Random.new(ci * 104_729 + t * 7919 + port)
      until Time.now > deadline
        r = rng.rand * mix.sum { |*, w| w }
        meth, path, = mix.find { |*, w| (r -= w) < 0 } || mix.first
        path = path.gsub("%d") { rng.rand(1..90_000).to_s }.gsub("%t") { (Time.now.to_i - rng.rand(0..30)).to_s }
                   .gsub("%w") { WH.sample(random: rng) }.gsub("%c") { CATS.sample(random: rng) }
                   .gsub("%z") { "z#{rng.rand(1..48)}" }.gsub("%m") { rng.rand(1..40_000).to_s }
        request(port, meth, path, rng, ip)
        sleep(-Math.log(1 - rng.rand) * n / rate)
      end
    end
  end
end
onces.each do |at, path, to|
  threads << Thread.new do
    sleep [start + seconds * at - Time.now, 0].max
    request(to, "GET", path, Random.new(1), "10.40.0.9")
  end
end
threads.each(&:join)
