# The Heroku router of the heroku-web-leak incident, run by platform.rb: it plays the app's visitors (a Poisson
# stream of RATE requests/s over a fixed endpoint mix), routes each request to a random dyno that is up (read
# from the ROUTES file the platform rewrites on every state change), forwards it over real TCP with
# X-Request-Id / X-Forwarded-For, and prints the router's line on stdout when the response is complete
# (connect = TCP connect time, service = first byte sent to last byte received).
#
#   ROUTES=routes.txt RATE=30 ruby router.rb
require "socket"
require "securerandom"
require "json"

$stdout.sync = true
HOST = "acme-storefront.herokuapp.com"
RATE = Float(ENV.fetch("RATE", "30"))
ROUTES = ENV.fetch("ROUTES")
MIX = [ # share (per mille), verb, path
  [270, "GET", -> { "/" }],
  [280, "GET", -> { "/products/#{rand(1..4000)}" }],
  [90, "GET", -> { "/search?q=#{rand(1..999)}" }],
  [140, "GET", -> { "/api/orders/#{rand(100_000..199_999)}.json" }],
  [110, "POST", -> { "/api/events" }],
  [80, "GET", -> { "/reports.pdf" }],
  [30, "POST", -> { "/api/imports" }]
].freeze
TOTAL = MIX.sum(&:first)
OUT = Mutex.new

def up_dynos
  File.readlines(ROUTES).map(&:split).select { |_, _, state| state == "up" }.map { |n, p, _| [n, p.to_i] }
rescue Errno::ENOENT
  []
end

def forward(verb, path)
  dynos = up_dynos
  return if dynos.empty?
  name, port = dynos.sample
  rid = SecureRandom.uuid
  ip = "#{%w[198.51.100 203.0.113 192.0.2][rand(3)]}.#{rand(1..254)}"
  body = verb == "POST" ? (path == "/api/imports" ? { account_id: rand(1..900), source: "s3://acme-imports/#{SecureRandom.hex(6)}.csv" } : { type: "page_view", sku: rand(4000) }).to_json : ""
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sock = Socket.tcp("127.0.0.1", port)
  t1 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sock.write("#{verb} #{path} HTTP/1.1\r\nHost: #{HOST}\r\nX-Request-Id: #{rid}\r\nX-Forwarded-For: #{ip}\r\n" \
             "Content-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}")
  head = +""
  head << sock.readpartial(16_384) until head.include?("\r\n\r\n")
  status = head[/\AHTTP\/1.1 (\d+)/, 1]
  len = head[/Content-Length: (\d+)/, 1].to_i
  got = head.bytesize - head.index("\r\n\r\n") - 4
  buf = String.new(capacity: 65_536)
  got += sock.readpartial(65_536, buf).bytesize while got < len
  sock.close
  t2 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  OUT.synchronize do
    $stdout.write("at=info method=#{verb} path=\"#{path}\" host=#{HOST} request_id=#{rid} fwd=\"#{ip}\" dyno=#{name} " \
                  "connect=#{((t1 - t0) * 1000).round}ms service=#{((t2 - t1) * 1000).round}ms status=#{status} " \
                  "bytes=#{head.index("\r\n\r\n") + 4 + len} protocol=https\n")
  end
rescue Errno::ECONNREFUSED, Errno::ECONNRESET, EOFError, Errno::EPIPE
  OUT.synchronize do
    $stdout.write("at=error code=H13 desc=\"Connection closed without response\" method=#{verb} path=\"#{path}\" " \
                  "host=#{HOST} request_id=#{rid} fwd=\"#{ip}\" dyno=#{name} connect=0ms service=0ms status=503 " \
                  "bytes=0 protocol=https\n")
  end
end

stopping = false
Signal.trap("TERM") { stopping = true }
jobs = Queue.new
workers = 24.times.map do
  Thread.new do
    while (req = jobs.pop)
      forward(*req)
    end
  end
end
until stopping
  r = rand(TOTAL)
  _, verb, path = MIX.find { |share, _, _| (r -= share) < 0 }
  jobs << [verb, path.call]
  sleep(-Math.log(1 - rand) / RATE)
end
jobs.close
workers.each(&:join)
