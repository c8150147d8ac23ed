# Traffic for the holdout2-ruby incidents: ruby load.rb INCIDENT PORT SECONDS
# Several client threads, Poisson-ish arrivals, one HTTP/1.0 request per connection (as the load balancer does).
require "net/http"

incident, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
deadline = Time.now + seconds
MIXES = {
  "sidekiq-dump-leak" => {
    rate: 16.0,
    mix: [["/products/%d", 40], ["/categories/%d", 18], ["/search?q=%s", 16], ["/basket", 14], ["/up", 10],
          ["/reports/shrinkage.xlsx", 2]],
  },
  "deploy-rollback" => {
    rate: 13.0,
    mix: [["/api/v2/carts/%d", 30], ["/api/v2/products/%d", 30], ["/api/v2/search?q=%s", 16],
          ["/api/v2/shipping_quotes", 14], ["/healthz", 6], ["/admin/orders/export.csv", 1.6]],
  },
}
conf = MIXES.fetch(incident)
total = conf[:mix].sum { |_, w| w }
threads = Array.new(6) do |t|
  Thread.new do
    rng = Random.new(t * 7919 + port)
    until Time.now > deadline
      r = rng.rand * total
      path, = conf[:mix].find { |_, w| (r -= w) < 0 } || conf[:mix].first
      path = path.include?("%d") ? format(path, rng.rand(1..9_000)) : path.include?("%s") ? format(path, %w[milk bread oat apple tea rice].sample(random: rng) * rng.rand(1..3)) : path
      begin
        Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 10) { |h| h.get(path) }
      rescue StandardError => e
        warn "#{Time.now.utc} #{path}: #{e.class}"
      end
      sleep(-Math.log(1 - rng.rand) * 6 / conf[:rate])
    end
  end
end
threads.each(&:join)
