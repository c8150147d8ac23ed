# Traffic for the holdout7-ruby web incidents: ruby load.rb INCIDENT PORT SECONDS
# Client threads with Poisson-ish arrivals, one request per connection (as the balancer in front does), with the
# balancer's X-Forwarded-For / X-Request-Id headers.
require "net/http"
require "securerandom"

incident, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
MIXES = {
  "copperleaf" => { rate: 8.0, threads: 5, host: "app.copperleaf.de",
                    mix: [["GET", "/", 22], ["GET", "/invoices", 14], ["GET", "/invoices/%d", 25], ["GET", "/ledgers/%l", 12],
                          ["GET", "/ledgers/%l/export.csv", 4.5], ["POST", "/receipts", 9], ["GET", "/bank_accounts/%b/transactions", 13]] },
  "meterly" => { rate: 13.0, threads: 6, host: "api.meterly.io",
                 mix: [["GET", "/api/v1/meters/%d/readings", 38], ["POST", "/api/v1/readings", 24], ["GET", "/api/v1/tariffs", 14],
                       ["GET", "/api/v1/meters/%d", 16], ["GET", "/api/v1/reports/consumption?region=%r", 5]] },
  "orchardly" => { rate: 10.0, threads: 6, host: "shop.orchardly.coop",
                   mix: [["GET", "/products/%p", 40], ["GET", "/", 16], ["GET", "/farms/%f", 14], ["POST", "/cart/items", 18],
                         ["GET", "/orders/%d", 10], ["GET", "/reports/harvest.xlsx?season=%s", 0.6]] },
}
conf = MIXES.fetch(incident)
threads = Array.new(conf[:threads]) do |t|
  Thread.new do
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      mix = conf[:mix]
      r = rng.rand * mix.sum { |*, w| w }
      meth, path, = mix.find { |*, w| (r -= w) < 0 } || mix.first
      path = path.gsub("%d") { rng.rand(1..90_000).to_s }.gsub("%l") { rng.rand(1..400).to_s }.gsub("%b") { rng.rand(1..60).to_s }
                 .gsub("%r") { %w[nord sued ost west mitte].sample(random: rng) }.gsub("%p") { (rng.rand**1.3 * 2_400).to_i.to_s }
                 .gsub("%f") { rng.rand(1..120).to_s }.gsub("%s") { %w[2025 2026].sample(random: rng) }
      headers = { "Host" => conf[:host], "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid,
                  "X-Forwarded-For" => "10.#{rng.rand(20..90)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}",
                  "User-Agent" => ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Safari/605.1.15",
                                   "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
                                   "okhttp/4.12.0"].sample(random: rng) }
      begin
        Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 30) do |h|
          if meth == "POST"
            form = case path
                   when %r{/receipts} then { "image" => "IMG#{rng.rand(10**12)}" * rng.rand(200..400), "vendor" => "Baeckerei #{rng.rand(90)}" }
                   when %r{/readings} then { "meter" => rng.rand(1..90_000).to_s, "values" => Array.new(48) { format("%.3f", rng.rand * 4) }.join(",") }
                   else { "product_id" => rng.rand(1..2_400).to_s, "qty" => rng.rand(1..6).to_s }
                   end
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
