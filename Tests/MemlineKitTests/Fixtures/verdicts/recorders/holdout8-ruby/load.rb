# Traffic for the holdout8-ruby web incidents: ruby load.rb INCIDENT PORT SECONDS
# Client threads with exponential gaps, one request per connection (as the balancer in front does), with the
# balancer's X-Forwarded-For / X-Request-Id headers.
require "net/http"
require "securerandom"

incident, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
MIXES = {
  "scanforge" => { rate: 9.0, threads: 5, host: "api.scanforge.de",
                   mix: [["GET", "/documents/%d", 40], ["GET", "/documents", 18], ["POST", "/documents", 12],
                         ["POST", "/documents/%d/ocr", 13], ["GET", "/inbox", 17]] },
  "parcelhop" => { rate: 11.0, threads: 6, host: "www.parcelhop.eu",
                   mix: [["GET", "/", 20], ["GET", "/track/%t", 34], ["POST", "/shipments/quote", 21], ["GET", "/pickup_points?zip=%z", 16],
                         ["POST", "/shipments", 7], ["GET", "/account/exports/shipments.csv", 1.6]] },
}
conf = MIXES.fetch(incident)
threads = Array.new(conf[:threads]) do |t|
  Thread.new do
    rng = Random.new(t * 104_729 + port)
    until Time.now > deadline
      mix = conf[:mix]
      r = rng.rand * mix.sum { |*, w| w }
      meth, path, = mix.find { |*, w| (r -= w) < 0 } || mix.first
      path = path.gsub("%d") { rng.rand(1..250_000).to_s }.gsub("%t") { "PH#{rng.rand(10**9)}DE" }.gsub("%z") { format("%05d", rng.rand(1000..99_999)) }
      headers = { "Host" => conf[:host], "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid,
                  "X-Forwarded-For" => "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}",
                  "X-Firm" => (rng.rand**2 * 420).to_i.to_s, "Accept-Language" => %w[de de de en fr].sample(random: rng),
                  "User-Agent" => ["Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
                                   "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
                                   "Scanforge-Desktop/3.4 (Windows 11)"].sample(random: rng) }
      begin
        Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 30) do |h|
          if meth == "POST"
            req = Net::HTTP::Post.new(path, headers)
            req.body = case path
                       when %r{/ocr\z} then "P5\n1240 360\n255\n" + Random.new(rng.rand(10**9)).bytes(rng.rand(16_000..30_000))
                       when "/documents" then Random.new(rng.rand(10**9)).bytes(rng.rand(40_000..90_000))
                       when "/shipments/quote"
                         street = %w[Hauptstrasse Bahnhofstrasse Gartenweg Lindenallee Schulstrasse Muehlenweg].sample(random: rng)
                         "from=#{rng.rand(1..200)} #{street}, #{format("%05d", rng.rand(1000..99_999))} Berlin&to=#{rng.rand(1..200)} #{street}, " \
                           "#{format("%05d", rng.rand(1000..99_999))} #{%w[Hamburg Koeln Leipzig Bremen Essen Graz Wien].sample(random: rng)}&weight=#{rng.rand(1..30)}"
                       else "parcel=#{rng.rand(10**6)}&service=express"
                       end
            req["Content-Type"] = "application/octet-stream"
            h.request(req)
          else
            h.request(Net::HTTP::Get.new(path, headers))
          end
        end
      rescue StandardError => e
        warn "#{Time.now.utc} #{path}: #{e.class}"
      end
      sleep(-Math.log(1 - rng.rand) * conf[:threads] / conf[:rate])
    end
  end
end
threads.each(&:join)
