# Traffic for the holdout11-ruby web incidents: ruby load.rb APP PORT SECONDS [AT_FRACTION PATH [PORT2]]...
# Client threads with exponential gaps, one request per connection, with the balancer's X-Forwarded-For/X-Request-Id.
# Each extra triple after SECONDS is a one-off request (at that fraction of the run, to PORT2 if given, else PORT).
require "net/http"
require "json"
require "securerandom"
require "time"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
onces = ARGV[3..].each_slice(3).map { |f, p, pt| [f.to_f, p, (pt || port).to_i] }
start = Time.now
deadline = start + seconds
PORTS = %w[harwich-int hook-of-holland rosslare fishguard cairnryan larne stranraer].freeze
MIXES = {
  "tidewick" => { rate: 13.0, threads: 5, mix: [["GET", "/sailings/search?from=%p&to=%p&date=%y", 22], ["GET", "/sailings/%d", 31],
                                                ["GET", "/bookings/%b", 21], ["POST", "/bookings", 10], ["POST", "/webhooks/payments", 3],
                                                ["GET", "/", 13]] },
  "cobbleford" => { rate: 8.0, threads: 3, mix: [["GET", "/plots/%d", 41], ["GET", "/sites/%s", 24], ["POST", "/waitlist", 9], ["GET", "/", 26]] },
  "saffronleigh" => { rate: 10.0, threads: 4, mix: [["GET", "/recipes/%r", 46], ["GET", "/products/%d", 24], ["POST", "/cart/items", 10],
                                                    ["GET", "/", 20]] },
}
conf = MIXES.fetch(app)
SITES = %w[mill-lane st-annes-rise brook-meadow the-glebe kiln-field].freeze

# the payment provider's webhook: one JSON event with the order's lines and a signed receipt (~35-45 KB)
def webhook_body(rng)
  JSON.generate({ "id" => "evt_#{SecureRandom.hex(12)}", "type" => "payment_intent.succeeded", "created" => Time.now.to_i,
                  "data" => { "object" => { "amount" => rng.rand(2_000..90_000), "currency" => "gbp",
                                            "lines" => Array.new(rng.rand(150..220)) { |i| { "n" => i, "sku" => "FARE-#{rng.rand(10**6)}", "desc" => "passenger #{i} cabin #{rng.rand(1..300)} vehicle #{%w[car van none][i % 3]}", "pence" => rng.rand(500..9000) } },
                                            "receipt" => SecureRandom.base64(9_000) } } })
end

def request(port, meth, path, rng)
  headers = { "Host" => "www.example.app", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid,
              "X-Forwarded-For" => "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}" }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 120) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      if path.start_with?("/webhooks/")
        req.body = webhook_body(rng)
        req["Content-Type"] = "application/json"
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

threads = Array.new(conf[:threads]) do |t|
  Thread.new do
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      mix = conf[:mix]
      r = rng.rand * mix.sum { |*, w| w }
      meth, path, = mix.find { |*, w| (r -= w) < 0 } || mix.first
      path = path.gsub("%d") { rng.rand(1..50_000).to_s }.gsub("%p") { PORTS.sample(random: rng) }
                 .gsub("%y") { "2026-12-#{rng.rand(10..31)}" }.gsub("%b") { "TW#{rng.rand(36**6).to_s(36).upcase}" }
                 .gsub("%s") { SITES.sample(random: rng) }.gsub("%r") { rng.rand(1..360).to_s }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * conf[:threads] / conf[:rate])
    end
  end
end
onces.each do |at, path, to|
  threads << Thread.new do
    sleep [start + seconds * at - Time.now, 0].max
    request(to, "GET", path, Random.new(1))
  end
end
threads.each(&:join)
