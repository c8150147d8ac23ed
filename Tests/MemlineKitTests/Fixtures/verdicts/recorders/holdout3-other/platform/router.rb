# The Heroku router of the h3-platform-deploy incident, run by platform.rb: it plays the app's visitors (a
# Poisson stream of RATE requests/s over a fixed endpoint mix), routes each request to a random web dyno that is
# up (from the ROUTES file the platform rewrites on every state change), forwards it over real TCP with
# X-Request-Id / X-Forwarded-For, and prints the router's line on stdout when the response is complete. A request
# that finds no dyno up waits up to 3 s and then gets H20-style nothing: it is retried by the client, not logged.
#
#   ROUTES=routes.txt RATE=24 ruby router.rb
require "socket"
require "securerandom"
require "json"

$stdout.sync = true
HOST = "tidepool-api.herokuapp.com"
RATE = Float(ENV.fetch("RATE", "24"))
ROUTES = ENV.fetch("ROUTES")
MIX = [ # share (per mille), verb, path
  [250, "GET", -> { "/accounts/#{rand(1..20_000)}" }],
  [160, "GET", -> { "/accounts/#{rand(1..20_000)}/ledger" }],
  [300, "GET", -> { "/api/v1/balances/#{rand(1..20_000)}" }],
  [180, "POST", -> { "/api/v1/transactions" }],
  [50, "GET", -> { "/statements/#{rand(10_000..99_999)}.pdf" }],
  [60, "GET", -> { "/health" }]
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
  30.times { break unless dynos.empty?; sleep 0.1; dynos = up_dynos }
  return if dynos.empty?
  name, port = dynos.sample
  rid = SecureRandom.uuid
  ip = "#{%w[198.51.100 203.0.113 192.0.2][rand(3)]}.#{rand(1..254)}"
  body = verb == "POST" ? { account_id: rand(1..20_000), amount_cents: rand(100..900_000), currency: "EUR" }.to_json : ""
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
workers = 20.times.map do
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
