# Traffic for the holdout21-ruby puma/unicorn incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
TENANTS = %w[harrowgate-foods pellmoor-dairy ashby-greens tolland-bakes corran-fish vexley-farms]
# [rate per second, client threads, mix of [method, path, weight]]
RATE, CLIENTS, MIX = {
  # checkouts ~11 % of the traffic; the partners' catalog feed ~4 % (one every ~4 s)
  "brambleford" => [6.5, 4, [["GET", "/events/%d", 41], ["GET", "/events/%d/seats", 19], ["POST", "/checkouts", 11],
                             ["GET", "/api/v2/catalog.json", 4], ["GET", "/healthz", 25]]],
  # the tenants' dashboards ~38 % (harrowgate-foods about a third of them, %t below); bulk imports ~2.5 %
  "quarrymoor" => [5.5, 4, [["GET", "/t/%t/dashboard", 38], ["GET", "/t/%u/orders/%d", 30], ["POST", "/t/%u/orders", 9],
                            ["POST", "/imports/bulk", 2.5], ["GET", "/up", 20.5]]],
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
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..90_000).to_s }
                 .gsub("%t") { rng.rand < 0.34 ? TENANTS[0] : TENANTS[1 + rng.rand(TENANTS.size - 1)] }
                 .gsub("%u") { TENANTS[rng.rand(TENANTS.size)] }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
threads.each(&:join)
