# frozen_string_literal: true

# Drives Tillpoint (puma on 127.0.0.1:PORT) for SECONDS: a load balancer's health check, shoppers on the till
# screens, and the incident's heavy client.
#   ruby load.rb INCIDENT PORT SECONDS
require "net/http"
require "json"
require "securerandom"

incident, port, seconds = ARGV
port = Integer(port)
deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + Float(seconds)
$0 = "tillpoint-load"

def alive?(deadline)
  Process.clock_gettime(Process::CLOCK_MONOTONIC) < deadline
end

def request(port, req, headers)
  headers.each { |k, v| req[k] = v }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 5, read_timeout: 60) { |http| http.request(req) }
rescue StandardError => e
  warn "load: #{req.method} #{req.path}: #{e.class}: #{e.message}"
end

rng0 = Random.new(4242)
SESSIONS = Array.new(8) do |i|
  { "Cookie" => "_tillpoint_session=#{[rng0.bytes(240)].pack("m0")}; store_id=#{i % 3 + 1}; locale=en",
    "User-Agent" => "Mozilla/5.0 (X11; Linux x86_64) TillpointPOS/4.#{i} Chrome/119.0.6045.199 Safari/537.36",
    "Accept" => "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
    "Accept-Language" => "en-GB,en;q=0.9",
    "X-Forwarded-For" => "10.20.#{i}.#{17 + i * 3}" }
end

threads = []
threads << Thread.new do # the load balancer
  while alive?(deadline)
    request(port, Net::HTTP::Get.new("/up"), { "User-Agent" => "ELB-HealthChecker/2.0", "X-Request-Id" => SecureRandom.uuid })
    sleep 1
  end
end
4.times do |t|
  threads << Thread.new do
    rng = Random.new(100 + t)
    while alive?(deadline)
      s = SESSIONS[rng.rand(SESSIONS.size)]
      r = rng.rand(100)
      req = if r < 40
              Net::HTTP::Get.new("/catalog/SKU-#{rng.rand(100_000..160_000)}")
            elsif r < 60
              Net::HTTP::Get.new("/search?q=#{%w[latte bagel oat chai scone muffin].sample(random: rng)}")
            elsif r < 82
              Net::HTTP::Post.new("/carts/#{rng.rand(1..900)}/items").tap do |p|
                p.body = { sku: "SKU-#{rng.rand(100_000..160_000)}", qty: rng.rand(1..3) }.to_json
                p["Content-Type"] = "application/json"
              end
            else
              Net::HTTP::Get.new("/checkout/#{rng.rand(1..900)}")
            end
      request(port, req, s.merge("X-Request-Id" => SecureRandom.uuid))
      sleep 0.15 + rng.rand * 0.3
    end
  end
end
threads << Thread.new do # the incident's heavy client
  rng = Random.new(7)
  sleep 2 + rng.rand * 2
  body = Array.new(16_384) { |i| "receipt-#{i} #{[rng.bytes(24)].pack("m0")}\r\n" }.join.byteslice(0, 1_048_576)
  while alive?(deadline)
    s = SESSIONS[rng.rand(SESSIONS.size)].merge("X-Request-Id" => SecureRandom.uuid)
    if incident == "gem-middleware-leak"
      req = Net::HTTP::Post.new("/uploads")
      req.body = body
      req["Content-Type"] = "application/octet-stream"
      request(port, req, s)
      sleep 5 + rng.rand * 3
    else
      request(port, Net::HTTP::Get.new("/inventory/export.csv"), s)
      sleep 3 + rng.rand * 3
    end
  end
end
threads.each(&:join)
