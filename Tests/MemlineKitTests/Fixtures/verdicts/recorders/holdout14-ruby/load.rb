# Traffic for the holdout14-ruby unicorn/puma incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# [rate per second, client threads, mix of [method, path, weight]]
RATE, CLIENTS, MIX = {
  # the badge renders are ~13 % of the traffic, the attendee lists ~19 %
  "ashgrove" => [7.5, 4, [["GET", "/events/%d", 38], ["GET", "/events/%d/attendees", 19], ["POST", "/badges/%d/render", 13],
                          ["POST", "/checkins", 18], ["GET", "/", 12]]],
  "plumridge" => [11.0, 6, [["GET", "/recipes/%m", 41], ["GET", "/search?q=%q", 21], ["GET", "/boxes/%d/plan", 14],
                            ["POST", "/boxes/%d/swap", 9], ["GET", "/healthz", 15]]],
}.fetch(app)
WORDS = %w[lentil harissa risotto katsu laksa gnocchi tagine ramen chana paella bulgogi moussaka pho].freeze

def request(port, meth, path, rng)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.org", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = "qty=#{rng.rand(1..5)}&ref=#{rng.rand(10**6)}"
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
      path = path.gsub("%d") { rng.rand(1..90_000).to_s }.gsub("%m") { rng.rand(1..60).to_s }.gsub("%q") { "#{WORDS.sample(random: rng)}+#{WORDS.sample(random: rng)}" }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
threads.each(&:join)
