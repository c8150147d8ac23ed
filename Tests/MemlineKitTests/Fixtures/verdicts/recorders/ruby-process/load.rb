# HTTP load for the shop app: LOAD_THREADS clients, each GETs a weighted random endpoint, then pauses.
#   ruby load.rb INCIDENT SECONDS HOST:PORT
require "net/http"

incident, seconds, listen = ARGV
host, port = listen.split(":")
deadline = Time.now + Float(seconds)
weights = { "/" => 15, "/products/%d" => 24, "/search?q=w%d" => 12, "/cart" => 15,
            "/dashboard/widgets/%d" => 15, "/api/v1/orders/%d" => 16, "/exports/%d.csv" => 3 }
total = weights.values.sum
threads = Integer(ENV.fetch("LOAD_THREADS", "5")).times.map do |t|
  Thread.new do
    rng = Random.new(1000 + t + incident.sum)
    until Time.now > deadline
      r = rng.rand(total)
      path = weights.find { |_, w| (r -= w) < 0 }[0]
      path = format(path, rng.rand(1..900)) if path.include?("%d")
      begin
        Net::HTTP.start(host, port.to_i, read_timeout: 30) { |h| h.get(path) }
      rescue StandardError, Timeout::Error
        sleep 0.2
      end
      sleep 0.06 + rng.rand * 0.12
    end
  end
end
if (at = ENV["STALL_AT"]) # one stuck health check (healthy-control)
  threads << Thread.new do
    sleep Float(at)
    begin
      Net::HTTP.start(host, port.to_i, read_timeout: 60, max_retries: 0) { |h| h.get("/admin/health/deep") }
    rescue StandardError, Timeout::Error
    end
  end
end
threads.each(&:join)
