# Traffic for the holdout10-ruby web incidents: ruby load.rb APP PORT SECONDS [ONCE_AT_FRACTION ONCE_PATH]
# Client threads with exponential gaps, one request per connection, with the balancer's X-Forwarded-For/X-Request-Id.
require "net/http"
require "json"
require "securerandom"
require "time"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
once_at, once_path = ARGV[3]&.to_f, ARGV[4]
start = Time.now
deadline = start + seconds
MIXES = {
  "kestrelpost" => { rate: 11.0, threads: 4, mix: [["GET", "/parcels/%c", 38], ["POST", "/parcels/%c/scan", 19], ["GET", "/lockers/%d/slots", 21],
                                                    ["GET", "/", 15], ["GET", "/routes/%r/manifest.pdf", 7]] },
  "larkspur" => { rate: 9.0, threads: 4, mix: [["GET", "/appointments/availability?clinic=%k&day=%y", 24], ["GET", "/pets/%d", 33],
                                                ["POST", "/appointments", 9], ["GET", "/clinics/%k", 17], ["GET", "/", 17]] },
  "marrowby" => { rate: 10.0, threads: 4, mix: [["GET", "/journeys?from=%s&to=%s&at=%t", 30], ["GET", "/stops/%s/departures", 36],
                                                 ["GET", "/lines/%l", 20], ["GET", "/", 14]] },
}
conf = MIXES.fetch(app)
CLINICS = %w[eastfield hollins-road marsh-lane upper-wick canal-side].freeze

def request(port, meth, path, rng)
  headers = { "Host" => "www.example.app", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid,
              "X-Forwarded-For" => "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}" }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 90) do |h|
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

threads = Array.new(conf[:threads]) do |t|
  Thread.new do
    rng = Random.new(t * 6151 + port)
    until Time.now > deadline
      mix = conf[:mix]
      r = rng.rand * mix.sum { |*, w| w }
      meth, path, = mix.find { |*, w| (r -= w) < 0 } || mix.first
      path = path.gsub("%d") { rng.rand(1..60_000).to_s }.gsub("%c") { "KP#{rng.rand(10**8)}" }.gsub("%r") { rng.rand(1..40).to_s }
                 .gsub("%k") { CLINICS.sample(random: rng) }.gsub("%y") { "2026-12-#{rng.rand(7..20)}" }
                 .gsub("%s") { "ST#{rng.rand(1..900)}" }.gsub("%t") { "#{rng.rand(5..23)}:#{rng.rand(60).to_s.rjust(2, "0")}" }
                 .gsub("%l") { "X#{rng.rand(1..60)}" }
      request(port, meth, path, rng)
      sleep(-Math.log(1 - rng.rand) * conf[:threads] / conf[:rate])
    end
  end
end
if once_at
  threads << Thread.new do
    sleep [start + seconds * once_at - Time.now, 0].max
    request(port, "GET", once_path, Random.new(1))
  end
end
threads.each(&:join)
