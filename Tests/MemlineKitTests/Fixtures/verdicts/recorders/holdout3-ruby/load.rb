# frozen_string_literal: true

# Drives one incident's web app on 127.0.0.1:PORT for SECONDS: browser sessions of the incident's users (each a
# client thread with think time), a load balancer's health check, and the incident's rare heavy clients.
#   ruby load.rb INCIDENT PORT SECONDS
# Prints the requests it made per path pattern on stderr at the end.
require "net/http"
require "json"
require "securerandom"

incident, port, seconds = ARGV
PORT = Integer(port)
DEADLINE = Process.clock_gettime(Process::CLOCK_MONOTONIC) + Float(seconds)
$0 = "load #{incident}"
COUNTS = Hash.new(0)
LOCK = Mutex.new

def alive? = Process.clock_gettime(Process::CLOCK_MONOTONIC) < DEADLINE

def request(req, headers, tally)
  headers.each { |k, v| req[k] = v }
  req["X-Request-Id"] ||= SecureRandom.uuid
  LOCK.synchronize { COUNTS[tally] += 1 }
  Net::HTTP.start("127.0.0.1", PORT, open_timeout: 5, read_timeout: 60) { |http| http.request(req) }
rescue StandardError => e
  warn "load: #{req.method} #{req.path}: #{e.class}: #{e.message}"
  nil
end

def get(path) = Net::HTTP::Get.new(path)

def post(path, body)
  Net::HTTP::Post.new(path).tap do |p|
    p.body = body.to_json
    p["Content-Type"] = "application/json"
  end
end

def pick(rng, mix)
  r = rng.rand * mix.sum { |_, w| w }
  mix.each { |name, w| return name if (r -= w) < 0 }
  mix.last.first
end

threads = []
health = lambda do |every|
  threads << Thread.new do
    while alive?
      request(get("/up"), { "User-Agent" => "ELB-HealthChecker/2.0" }, "/up")
      sleep every
    end
  end
end

case incident
when "h3-puma-session-leak"
  health.call(2)
  # 5 browser tabs of the SPA: the session poll on every navigation, documents, autosaves, revisions, search
  mix = [[:session, 33], [:doc, 27], [:autosave, 20], [:revisions, 12], [:search, 7.4], [:export, 0.6]]
  5.times do |t|
    threads << Thread.new do
      rng = Random.new(300 + t)
      user = rng.rand(1..400)
      csrf = SecureRandom.base64(32)
      base = { "Cookie" => "_quillpad_session=#{SecureRandom.hex(48)}; user_id=#{user}",
               "User-Agent" => "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Safari/17.1",
               "X-Forwarded-For" => "10.40.#{t}.#{20 + t * 7}" }
      while alive?
        doc = rng.rand(1000..9999)
        case pick(rng, mix)
        when :session
          request(get("/api/v1/session"), base.merge("X-CSRF-Token" => csrf), "/api/v1/session")
          csrf = SecureRandom.base64(32) # a fresh masked token comes back with every response
        when :doc then request(get("/documents/#{doc}"), base, "/documents/:id")
        when :autosave
          ops = Array.new(rng.rand(3..30)) { |i| { "op" => "insert", "at" => i * 17, "text" => "typed text #{i}" } }
          request(post("/documents/#{doc}/autosave", ops), base, "/documents/:id/autosave")
        when :revisions then request(get("/documents/#{doc}/revisions"), base, "/documents/:id/revisions")
        when :search then request(get("/search?q=#{%w[roadmap okr standup retro budget hiring].sample(random: rng)}"), base, "/search")
        when :export then request(get("/workspaces/#{rng.rand(1..37)}/export.zip"), base, "/workspaces/:id/export.zip")
        end
        sleep 0.1 + rng.rand * 0.12
      end
    end
  end
when "h3-sidekiq-lost-dumps"
  health.call(5)
  # recipients on tracking pages, DHL's webhook calls, shippers printing labels and looking at the dashboard
  mix = [[:track, 50], [:webhook, 25], [:label, 12], [:dashboard, 13]]
  3.times do |t|
    threads << Thread.new do
      rng = Random.new(500 + t)
      base = { "User-Agent" => "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile Safari/537.36",
               "X-Forwarded-For" => "10.60.#{t}.#{30 + t}" }
      while alive?
        case pick(rng, mix)
        when :track then request(get("/track/JJD#{rng.rand(10**9..10**10)}"), base, "/track/:code")
        when :webhook
          request(post("/webhooks/dhl", { "shipment" => rng.rand(880_000..990_000), "event" => "scan" }),
                  base.merge("User-Agent" => "DHL-Webhooks/3.1"), "/webhooks/:carrier")
        when :label then request(get("/shipments/#{rng.rand(880_000..990_000)}/label"), base, "/shipments/:id/label")
        when :dashboard then request(get("/dashboard"), base, "/dashboard")
        end
        sleep 0.15 + rng.rand * 0.2
      end
    end
  end
when "h3-native-ext"
  health.call(3)
  # clients browsing proof galleries, photographers uploading, studio dashboards
  mix = [[:gallery, 30], [:proof, 45], [:upload, 15], [:dashboard, 10]]
  3.times do |t|
    threads << Thread.new do
      rng = Random.new(700 + t)
      base = { "User-Agent" => "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
               "X-Forwarded-For" => "10.70.#{t}.#{40 + t}" }
      while alive?
        case pick(rng, mix)
        when :gallery then request(get("/galleries/#{rng.rand(1..300)}"), base, "/galleries/:id")
        when :proof then request(get("/proofs/#{rng.rand(1000..300_000)}.jpg"), base, "/proofs/:id.jpg")
        when :upload
          request(post("/uploads", { "gallery" => rng.rand(1..300), "files" => Array.new(rng.rand(1..12)) { |i| "IMG_#{4000 + i}.CR3" } }),
                  base, "/uploads")
        when :dashboard then request(get("/studio/dashboard"), base, "/studio/dashboard")
        end
        sleep 0.12 + rng.rand * 0.2
      end
    end
  end
when "h3-healthy-sawtooth"
  health.call(1)
  # travellers searching flights, the mobile app's fares API, bookings, and itinerary PDFs
  mix = [[:search, 30], [:fares, 22], [:booking, 28], [:book, 12], [:pdf, 8]]
  5.times do |t|
    threads << Thread.new do
      rng = Random.new(900 + t)
      base = { "User-Agent" => "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/121.0",
               "X-Forwarded-For" => "10.90.#{t}.#{50 + t}" }
      while alive?
        case pick(rng, mix)
        when :search
          request(get("/flights/search?from=#{%w[LHR CDG AMS FRA MAD].sample(random: rng)}&to=#{%w[JFK SFO BOS ORD].sample(random: rng)}"), base, "/flights/search")
        when :fares then request(get("/api/v2/fares"), base.merge("User-Agent" => "Fernway/5.2 (iOS 17.1)"), "/api/v2/fares")
        when :booking then request(get("/bookings/#{rng.rand(500_000..520_000)}"), base, "/bookings/:id")
        when :book
          request(post("/bookings", { "flight" => "FW#{rng.rand(100..900)}", "passengers" => rng.rand(1..4) }), base, "/bookings")
        when :pdf then request(get("/itineraries/#{rng.rand(500_000..520_000)}.pdf"), base, "/itineraries/:id.pdf")
        end
        sleep 0.12 + rng.rand * 0.16
      end
    end
  end
else
  abort "unknown incident #{incident}"
end

threads.each(&:join)
COUNTS.sort.each { |k, v| warn format("%6d %s", v, k) }
