# Traffic for the holdout20-ruby web incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as a balancer sets them.
# STICKY entries are one partner client on a single keep-alive connection (so one app-server worker keeps serving it).
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# [rate per second, client threads, mix [method, path, weight], sticky [method, path, gap seconds] or nil]
RATE, CLIENTS, MIX, STICKY = {
  # hold queue previews ~17 %, the circulation export ~2 %
  "larkspur" => [7.5, 5, [["GET", "/books/%d", 38], ["GET", "/search", 20], ["POST", "/loans", 9], ["GET", "/holds/%d/queue", 17],
                          ["GET", "/reports/circulation.csv", 2], ["GET", "/up", 14]], nil],
  # the address search ~16 % (garbage-heavy), route pages, deliveries
  "cindervale" => [6.5, 5, [["GET", "/routes/%d", 36], ["GET", "/depots", 14], ["POST", "/deliveries", 12], ["GET", "/search?q=harbour+%d", 16],
                            ["GET", "/up", 22]], nil],
  # the fleet ledger export ~4 % on every worker; the partner's bulk sync on one keep-alive connection every ~0.7 s
  "saltgrove" => [8.0, 6, [["GET", "/shipments/%d", 40], ["GET", "/carriers", 16], ["POST", "/shipments", 10],
                           ["GET", "/exports/fleet-ledger.csv", 4], ["GET", "/healthz", 30]], ["POST", "/partner/manifests", 0.7]],
}.fetch(app)

def headers(rng)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  { "Host" => "app.example.org", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
end

def one(h, meth, path, rng)
  if meth == "POST"
    req = Net::HTTP::Post.new(path, headers(rng))
    req.body = "ref=#{rng.rand(10**6)}&n=#{rng.rand(1..9)}"
    req["Content-Type"] = "application/x-www-form-urlencoded"
    h.request(req)
  else
    h.request(Net::HTTP::Get.new(path, headers(rng)))
  end
end

threads = Array.new(CLIENTS) do |t|
  Thread.new do
    rng = Random.new(t * 6151 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..90_000).to_s }
      begin
        Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60) { |h| one(h, meth, path, rng) }
      rescue StandardError => e
        warn "#{Time.now.utc} #{path}: #{e.class}"; sleep 0.5
      end
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
if STICKY
  threads << Thread.new do
    rng = Random.new(port)
    meth, path, gap = STICKY
    sleep 1
    begin
      Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 60, keep_alive_timeout: 30) do |h|
        until Time.now > deadline
          one(h, meth, path, rng)
          sleep gap * (0.8 + rng.rand * 0.4)
        end
      end
    rescue StandardError => e
      warn "#{Time.now.utc} sticky: #{e.class} #{e.message}"
    end
  end
end
threads.each(&:join)
