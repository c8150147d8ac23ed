# Traffic for the holdout6-ruby web incidents: ruby load.rb INCIDENT PORT SECONDS [SWITCH_AT]
# Client threads with Poisson-ish arrivals, one request per connection (as the load balancer in front does), the
# balancer's X-Forwarded-For / X-Request-Id headers. SWITCH_AT (Unix seconds): from then on the :after mix is used
# (the clients of the new release).
require "net/http"
require "securerandom"

incident, port, seconds, switch_at = ARGV[0], Integer(ARGV[1]), Float(ARGV[2]), ARGV[3] && Float(ARGV[3])
deadline = Time.now + seconds
TENANTS = %w[acme-gmbh brightline-bv nordlicht kaffeebar-42 stadtwerke-ost hollandia-tech pixelhaus bergmann-kg
             tiroler-holz fjord-design alpen-apotheke velo-werk lindenhof quartier-9 elbe-logistik sonnenhof
             meridian-ag kupfer-co blauwal mosel-wein]
MIXES = {
  "tallybook" => {
    rate: 9.0, threads: 6, first: [6, ["POST", "/imports/bank_statements"]],
    before: [["GET", "/invoices?status=open&page=%p", 26], ["GET", "/invoices/%d", 24], ["POST", "/invoices/%d/payments", 10],
             ["GET", "/customers/%c", 13], ["GET", "/dashboard", 12], ["POST", "/imports/bank_statements", 1.5]],
    after: [["GET", "/invoices?status=open&page=%p", 26], ["GET", "/invoices/%d", 24], ["POST", "/invoices/%d/payments", 10],
            ["GET", "/customers/%c", 13], ["GET", "/dashboard", 12], ["POST", "/imports/bank_statements", 1.5],
            ["GET", "/api/v2/tenants/%t/tax_summary?period=2026-Q4", 17]],
  },
  "lanternpay" => {
    rate: 10.0, threads: 6,
    before: [["GET", "/employees/%d", 30], ["GET", "/payslips/%d", 22], ["GET", "/payslips/%d/preview?locale=%l", 18],
             ["POST", "/timesheets", 14], ["GET", "/reports/headcount?dept=%p", 8], ["GET", "/", 8]],
  },
}
LOCALES = %w[de en fr nl pl it es]
conf = MIXES.fetch(incident)
threads = Array.new(conf[:threads]) do |t|
  Thread.new do
    rng = Random.new(t * 7919 + port)
    first = conf[:first] && t < conf[:first][0]
    until Time.now > deadline
      mix = switch_at && Time.now.to_f >= switch_at ? conf[:after] : conf[:before]
      total = mix.sum { |*, w| w }
      r = rng.rand * total
      meth, path, = mix.find { |*, w| (r -= w) < 0 } || mix.first
      meth, path = conf[:first][1] if first # the morning's first uploads arrive together
      first = false
      tenant = TENANTS[(rng.rand**1.6 * TENANTS.size).to_i]
      path = path.gsub("%d") { rng.rand(1..9_000).to_s }.gsub("%c") { rng.rand(1..800).to_s }.gsub("%p") { rng.rand(1..8).to_s }
                 .gsub("%t") { tenant }.gsub("%l") { LOCALES.sample(random: rng) }
      host = incident == "tallybook" ? "#{tenant}.tallybook.app" : "app.lanternpay.eu"
      headers = { "Host" => host, "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid,
                  "X-Forwarded-For" => "10.#{rng.rand(20..90)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}",
                  "User-Agent" => ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Safari/605.1.15",
                                   "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
                                   "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"].sample(random: rng) }
      begin
        Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 30) do |h|
          if meth == "POST"
            form = case path
                   when %r{/payments} then { "amount_cents" => rng.rand(1_000..250_000).to_s, "method" => "sepa" }
                   when %r{/imports} then { "entries" => rng.rand(15_000..16_000).to_s, "account" => "DE#{rng.rand(10**19..10**20 - 1)}" }
                   else { "employee_id" => rng.rand(1..9_000).to_s, "hours" => format("%.2f", 4 + rng.rand * 6), "day" => "2026-12-0#{rng.rand(1..5)}" }
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
