# Traffic for the holdout13-ruby web incidents: ruby load.rb APP PORT SECONDS [AT_FRACTION METHOD PATH]...
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
# Each extra triple after SECONDS is a one-off request at that fraction of the run.
require "net/http"
require "securerandom"
require "json"
require "time"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
onces = ARGV[3..].each_slice(3).map { |f, m, p| [f.to_f, m, p] }
start = Time.now
deadline = start + seconds
# [rate per second, mix of [method, path, weight]]
RATE, MIX = {
  # the carriers' scan webhooks are ~5 % of the traffic, the manifests ~7 %
  "wrenfield" => [9.0, [["GET", "/shipments/%d", 46], ["GET", "/tracking/WF%D", 24], ["GET", "/depots/%s", 12],
                        ["GET", "/manifests/%d.pdf", 7], ["POST", "/webhooks/carrier_scans", 5], ["GET", "/", 6]]],
  "brackenholt" => [7.0, [["GET", "/plants/%d", 40], ["GET", "/api/plant_search?q=%q&page=%p", 20], ["GET", "/beds/%s", 15],
                          ["POST", "/orders", 8], ["GET", "/", 17]]],
  "marshgate" => [8.0, [["GET", "/sailings/%d", 44], ["GET", "/timetable?route=%r", 22], ["POST", "/bookings", 12],
                        ["GET", "/bookings/%d", 12], ["GET", "/", 10]]],
}.fetch(app)
ROUTES = %w[mg-ferry-east mg-ferry-west isle-loop harbour-taxi night-crossing].freeze
WORDS = %w[rose fern maple holly lavender acer hosta salvia birch box yew iris dahlia aster heuchera].freeze
CARRIERS = %w[dpd-uk evri yodel royal-mail-tracked].freeze

def scan_batch(rng)
  # a carrier's batch, compact form: [barcode, event code, depot, bay] per scan, consecutive labels from one sorter
  depot, first = rng.rand(1..60), rng.rand(10**7) * 100_000
  JSON.generate({ "carrier" => CARRIERS.sample(random: rng), "batch" => SecureRandom.hex(8), "depot" => depot, "sent_at" => Time.now.utc.iso8601,
                  "scans" => Array.new(30_000) { |i| [first + i, i * 4 / 30_000, depot, i % 40] } })
end

def request(port, meth, path, rng)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.net", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 120) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      if path.include?("carrier_scans")
        req.body = scan_batch(rng)
        req["Content-Type"] = "application/json"
        req["X-Carrier"] = CARRIERS.sample(random: rng)
      else
        req.body = "qty=#{rng.rand(1..5)}&ref=#{rng.rand(10**6)}"
        req["Content-Type"] = "application/x-www-form-urlencoded"
      end
      h.request(req)
    else
      h.request(Net::HTTP::Get.new(path, headers))
    end
  end
rescue StandardError => e
  warn "#{Time.now.utc} #{path}: #{e.class}"
end

n = 4
threads = Array.new(n) do |t|
  Thread.new do
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..90_000).to_s }.gsub("%D") { rng.rand(10**8).to_s }.gsub("%s") { rng.rand(1..60).to_s }
                 .gsub("%q") { "#{WORDS.sample(random: rng)}+#{WORDS.sample(random: rng)}" }.gsub("%p") { rng.rand(1..6).to_s }
                 .gsub("%r") { ROUTES.sample(random: rng) }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * n / RATE)
    end
  end
end
onces.each do |at, meth, path|
  threads << Thread.new do
    sleep [start + seconds * at - Time.now, 0].max
    request(port, meth, path, Random.new(1))
  end
end
threads.each(&:join)
