# Traffic for the holdout16-ruby puma/unicorn incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
# [rate per second, client threads, mix of [method, path, weight]]
RATE, CLIENTS, MIX = {
  # the dosage charts are ~14 % of the traffic, the revenue report ~2.5 % (one every ~6 s)
  "fernhollow" => [7.0, 5, [["GET", "/patients/%d", 36], ["GET", "/patients/%d/dosage_chart", 14], ["GET", "/appointments", 22],
                            ["POST", "/invoices", 11], ["GET", "/reports/clinic_revenue", 2.5], ["GET", "/healthz", 14.5]]],
  # the wholesale order export is ~6 % of the traffic: every worker climbs on its garbage
  "gorsebrook" => [6.0, 5, [["GET", "/plants/%d", 44], ["GET", "/basket", 20], ["POST", "/orders", 12],
                            ["GET", "/exports/wholesale_orders.csv", 6], ["GET", "/ping", 18]]],
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
