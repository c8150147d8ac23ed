# Traffic for the holdout19-ruby puma/unicorn incidents: ruby load.rb APP PORT SECONDS [POLL_PORT]
# Client threads with exponential gaps, one request per connection, X-Forwarded-For/X-Request-Id as the balancer sets them;
# optional bursts (extra clients on one path for a window of the run) and long polls routed to a port of their own.
require "net/http"
require "securerandom"

app, port, seconds, poll_port = ARGV[0], Integer(ARGV[1]), Float(ARGV[2]), ARGV[3]&.to_i
t0 = Time.now
deadline = t0 + seconds
# [rate per second, client threads, mix of [method, path, weight], bursts [from %, to %, rate, method, path]]
RATE, CLIENTS, MIX, BURSTS = {
  # the transcript endpoint ~12 % of the traffic; a payment provider's webhook retry storm from 28 % to 46 % of the run
  "quillbrook" => [9.0, 6, [["GET", "/api/episodes/%d", 34], ["GET", "/api/shows/%d", 22], ["GET", "/api/episodes/%d/transcript", 12],
                            ["POST", "/webhooks/payments", 4], ["GET", "/healthz", 28]],
                   [[28, 46, 9.0, "POST", "/webhooks/payments"]]],
  # reminders ~8 % (each enqueues the digest job); the occupancy report ~5 %, 1.2-2.8 s each
  "tidewell" => [6.0, 6, [["GET", "/appointments/%d", 33], ["GET", "/patients/%d", 22], ["POST", "/appointments", 11],
                          ["POST", "/invoices/%d/reminders", 8], ["GET", "/reports/occupancy", 5], ["GET", "/up", 22]], []],
  # statements PDF ~6 %; long polls go to worker 3's own listener
  "brackenholt" => [7.0, 5, [["GET", "/parcels/%d", 36], ["GET", "/depots", 18], ["POST", "/collections", 10],
                             ["GET", "/statements/%d.pdf", 6], ["GET", "/ping", 30]], []],
}.fetch(app)

def request(port, meth, path, rng, read_timeout = 60)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.org", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: read_timeout) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = "ref=#{rng.rand(10**6)}&n=#{rng.rand(1..9)}"
      req["Content-Type"] = "application/x-www-form-urlencoded"
      h.request(req)
    else
      h.request(Net::HTTP::Get.new(path, headers))
    end
  end
rescue StandardError => e
  warn "#{Time.now.utc} #{path}: #{e.class}"
  sleep 0.5
end

threads = Array.new(CLIENTS) do |t|
  Thread.new do
    rng = Random.new(t * 7727 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..80_000).to_s }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
BURSTS.each_with_index do |(from, to, rate, meth, path), b|
  4.times do |t|
    threads << Thread.new do
      rng = Random.new(b * 31 + t * 997 + port)
      sleep(seconds * from / 100.0)
      stop = t0 + seconds * to / 100.0
      until Time.now > stop
        request(port, meth, path, rng)
        sleep(-Math.log(1 - rng.rand) * 4 / rate)
      end
    end
  end
end
if poll_port # the browser tabs' long polls (nginx: location /events/poll -> worker 3's port), 2 held at a time
  2.times do |t|
    threads << Thread.new do
      rng = Random.new(t * 409 + port)
      until Time.now > deadline
        request(poll_port, "GET", "/events/poll?cursor=#{rng.rand(10**6)}", rng)
        sleep 0.2
      end
    end
  end
end
threads.each(&:join)
