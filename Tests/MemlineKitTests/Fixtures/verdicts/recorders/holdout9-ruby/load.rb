# Traffic for the holdout9-ruby web incidents: ruby load.rb APP PORT SECONDS [ONCE_AT_FRACTION ONCE_PATH]
# Client threads with exponential gaps, one request per connection, with the balancer's X-Forwarded-For/X-Request-Id.
require "net/http"
require "json"
require "securerandom"
require "time"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
once_at, once_path = ARGV[3]&.to_f, ARGV[4]
start = Time.now
deadline = start + seconds
MIXES = {
  "quaymark" => { rate: 12.0, threads: 5, mix: [["GET", "/shipments/%d", 40], ["GET", "/invoices", 24], ["POST", "/invoices/%d/lines", 15],
                                                 ["GET", "/", 13], ["GET", "/statements/%d.pdf", 5], ["POST", "/webhooks/carrier_events", 3]] },
  "brightpantry" => { rate: 14.0, threads: 6, mix: [["GET", "/aisles/%a", 30], ["GET", "/products/%d", 35], ["POST", "/cart/items", 14],
                                                     ["GET", "/cart", 12], ["POST", "/checkout", 7], ["GET", "/admin/orders/export.csv", 1.5]] },
  "fernbook" => { rate: 10.0, threads: 5, mix: [["GET", "/search?q=%q&shop=%s", 26], ["GET", "/books/%d", 38], ["GET", "/shops/%s", 14],
                                                 ["POST", "/basket", 10], ["GET", "/", 12]] },
  "saltmarsh" => { rate: 8.0, threads: 4, mix: [["GET", "/cottages/%d", 38], ["GET", "/availability?c=%d", 24], ["POST", "/bookings", 6],
                                                 ["GET", "/near/%p", 32]] },
}
conf = MIXES.fetch(app)
WORDS = %w[moor tide harbour lantern winter garden raven salt orchard ember willow atlas river stone fox meadow glass ink].freeze
SHOPS = %w[kiel-buchhandlung lesezeichen-hh seitenweise buecherwurm-ms leseinsel].freeze

def request(port, meth, path, rng)
  headers = { "Host" => "www.example.app", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid,
              "X-Forwarded-For" => "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}" }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = if path == "/webhooks/carrier_events"
                   JSON.generate({ "batch_id" => SecureRandom.uuid, "carrier" => %w[hhla eurogate dbcargo].sample(random: rng),
                                   "events" => Array.new(rng.rand(1500..2100)) { |i| { "container" => "MSCU#{rng.rand(10**7)}", "seq" => i,
                                   "status" => ["Gate Out", "Loaded on Rail", "Discharged", "Gate In"].sample(random: rng),
                                   "at" => (Time.now - rng.rand(86_400)).utc.iso8601, "terminal" => "CT#{rng.rand(1..4)}",
                                   "ref" => SecureRandom.hex(8) } } })
                 else "qty=#{rng.rand(1..5)}&sku=#{rng.rand(10**6)}"
                 end
      req["Content-Type"] = "application/json"
      h.request(req)
    else
      h.request(Net::HTTP::Get.new(path, headers))
    end
  end
rescue StandardError => e
  warn "#{Time.now.utc} #{path}: #{e.class}"
end

threads = Array.new(conf[:threads]) do |t|
  Thread.new do
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      mix = conf[:mix]
      r = rng.rand * mix.sum { |*, w| w }
      meth, path, = mix.find { |*, w| (r -= w) < 0 } || mix.first
      path = path.gsub("%d") { rng.rand(1..90_000).to_s }.gsub("%a") { %w[obst gemuese brot kaese getraenke tiefkuehl].sample(random: rng) }
                 .gsub("%q") { "#{WORDS.sample(random: rng)}+#{WORDS.sample(random: rng)}#{rng.rand(40)}" }.gsub("%s") { SHOPS.sample(random: rng) }
                 .gsub("%p") { "TR#{rng.rand(1..1200)}" }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * conf[:threads] / conf[:rate])
    end
  end
end
if once_at
  threads << Thread.new do
    sleep [start + seconds * once_at - Time.now, 0].max
    request(port, "GET", once_path, Random.new(1))
  end
end
threads.each(&:join)
