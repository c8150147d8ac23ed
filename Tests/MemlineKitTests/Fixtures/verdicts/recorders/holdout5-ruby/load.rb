# Traffic for the holdout5-ruby web incidents: ruby load.rb INCIDENT PORT SECONDS
# Client threads with Poisson-ish arrivals, one request per connection (as the load balancer in front does), the
# balancer's X-Forwarded-For / X-Forwarded-Proto / Host headers.
require "net/http"
require "uri"

incident, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
MIXES = {
  "ticketwell" => {
    host: "tickets.ticketwell.io", rate: 13.0, threads: 6,
    mix: [["GET", "/events/%d", 34], ["GET", "/events?city=%s&page=%p", 17], ["GET", "/events/%d/availability", 14],
          ["GET", "/venues/%v", 12], ["GET", "/cart", 11], ["POST", "/checkout/promo", 7]],
  },
  "fleetdash" => {
    host: "fleet.fleetdash.app", rate: 9.0, threads: 6,
    mix: [["GET", "/api/v1/vehicles/%d", 30], ["GET", "/api/v1/vehicles?depot=%s", 16], ["POST", "/api/v1/pings", 24],
          ["GET", "/api/v1/alerts", 10], ["GET", "/dashboard", 14], ["GET", "/api/v1/vehicles/%d/telemetry.csv", 6]],
  },
}
CITIES = %w[berlin hamburg munich cologne leipzig vienna zurich]
CODES = %w[WINTER24 winter24 EARLYBIRD STUDENT FREESHIP BLACKFRIDAY XMAS10 VIP2024]
conf = MIXES.fetch(incident)
total = conf[:mix].sum { |*, w| w }
threads = Array.new(conf[:threads]) do |t|
  Thread.new do
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      r = rng.rand * total
      meth, path, = conf[:mix].find { |*, w| (r -= w) < 0 } || conf[:mix].first
      path = path.gsub("%d") { rng.rand(1..4_000).to_s }.gsub("%v") { rng.rand(1..60).to_s }
                 .gsub("%p") { rng.rand(1..6).to_s }.gsub("%s") { CITIES.sample(random: rng) }
      headers = { "Host" => conf[:host], "X-Forwarded-Proto" => "https",
                  "X-Forwarded-For" => "10.#{rng.rand(20..90)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}",
                  "User-Agent" => ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
                                   "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
                                   "okhttp/4.12.0"].sample(random: rng) }
      begin
        Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 20) do |h|
          if meth == "POST"
            form = incident == "ticketwell" ? { "code" => CODES.sample(random: rng), "cart_id" => rng.rand(10_000..99_999).to_s } :
                                              { "vehicle_id" => rng.rand(1..4_000).to_s, "lat" => format("%.5f", 52 + rng.rand), "lon" => format("%.5f", 13 + rng.rand),
                                                "speed" => rng.rand(0..110).to_s }
            req = Net::HTTP::Post.new(path, headers)
            req.set_form_data(form)
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
