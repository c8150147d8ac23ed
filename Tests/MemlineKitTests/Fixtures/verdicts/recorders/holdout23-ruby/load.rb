# Traffic for the holdout23-ruby web incidents: ruby load.rb APP PORT SECONDS
# Client threads with exponential gaps, one request per connection, X-Request-Id / X-Forwarded-For as a balancer sets
# them; an app's "heavy" request (an export) comes from one extra client on its own clock. kettlesing's rate doubles
# at the half (the festival on-sale).
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
t_start = Time.now
deadline = t_start + seconds
# rate per second, client threads, mix of [method, path, weight], heavy [path, every s, first after s] or nil
RATE, CLIENTS, MIX, HEAVY = {
  # fare quotes ~35 %
  "skelwith" => [6.0, 6, [["GET", "/api/fares/%r/quote?date=%D", 35], ["GET", "/sailings/%d", 22], ["GET", "/timetables/%t", 18],
                          ["POST", "/bookings", 8], ["GET", "/piers", 7], ["GET", "/up", 10]], nil],
  # meter readings ~50 %, consumption export every ~18 s
  "gorsemoor" => [5.0, 5, [["POST", "/api/meters/%d/readings", 50], ["GET", "/api/meters/%d", 30],
                           ["GET", "/api/districts/%s/summary", 15], ["GET", "/up", 10]], ["/exports/consumption.csv", 18, 9]],
  # attendance report every ~24 s
  "kettlesing" => [4.0, 6, [["GET", "/events/%d", 40], ["GET", "/venues/%v/seatplan", 25], ["POST", "/orders", 12],
                            ["GET", "/search?q=%q", 13], ["GET", "/up", 10]], ["/promoters/%p/attendance.csv", 24, 14]],
}.fetch(app)
ROUTES = %w[waterhead-wray bowness-lakeside ambleside-bowness pooley-glenridding howtown-glenridding keswick-derwent lakeside-haverthwaite]
TIMETABLES = %w[windermere-red windermere-yellow ullswater-steamers derwentwater-launch coniston-gondola]
DISTRICTS = %w[north-fell eskdale ravenglass wasdale ennerdale bootle]
VENUES = %w[corn-exchange drill-hall the-maltings st-georges-hall riverside-arena old-fire-station kings-hall]
QUERIES = %w[folk jazz+weekend comedy tribute orchestra indie+all-dayer]

def reading_body(rng)
  Array.new(200) { |i| "2026-12-07T0#{i / 60}:#{format("%02d", i % 60)}:00Z,#{(rng.rand * 900).round(3)},#{%w[ok ok ok est|late ok|temp].sample(random: rng)}" }.join("\n")
end

def request(port, meth, path, rng)
  ip = "#{rng.rand(2..220)}.#{rng.rand(0..255)}.#{rng.rand(0..255)}.#{rng.rand(2..250)}"
  headers = { "Host" => "app.example.net", "X-Forwarded-Proto" => "https", "X-Request-Id" => SecureRandom.uuid, "X-Forwarded-For" => ip,
              "User-Agent" => "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 2, read_timeout: 90) do |h|
    if meth == "POST"
      req = Net::HTTP::Post.new(path, headers)
      req.body = path.include?("/readings") ? reading_body(rng) : "item=#{rng.rand(10**5)}&qty=#{rng.rand(1..6)}"
      req["Content-Type"] = path.include?("/readings") ? "text/csv" : "application/x-www-form-urlencoded"
      h.request(req)
    else
      h.request(Net::HTTP::Get.new(path, headers))
    end
  end
  $count[path.sub(/\?.*/, "").gsub(/\d+/, ":n")] += 1
rescue StandardError => e
  warn "#{Time.now.utc} #{path}: #{e.class}"
end

$count = Hash.new(0)
threads = Array.new(CLIENTS) do |t|
  Thread.new do
    rng = Random.new(t * 7_919 + port)
    until Time.now > deadline
      r = rng.rand * MIX.sum { |*, w| w }
      meth, path, = MIX.find { |*, w| (r -= w) < 0 } || MIX.first
      path = path.gsub("%d") { rng.rand(1..90_000).to_s }.gsub("%r") { ROUTES.sample(random: rng) }
                 .gsub("%D") { "2026-12-#{format("%02d", rng.rand(8..31))}" }.gsub("%t") { TIMETABLES.sample(random: rng) }
                 .gsub("%s") { DISTRICTS.sample(random: rng) }.gsub("%v") { VENUES.sample(random: rng) }
                 .gsub("%q") { QUERIES.sample(random: rng) }
      request(port, meth, path, rng)
      rate = RATE * (app == "kettlesing" && Time.now - t_start > seconds / 2 ? 2 : 1)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / rate)
    end
  end
end
if HEAVY
  threads << Thread.new do
    rng = Random.new(port)
    path, every, first = HEAVY
    sleep first
    until Time.now > deadline - 3
      request(port, "GET", path.gsub("%p") { rng.rand(100..999).to_s }, rng)
      sleep every * (0.8 + rng.rand * 0.4)
    end
  end
end
threads.each(&:join)
warn "#{app}: #{$count.sort.map { |k, v| "#{k}=#{v}" }.join(" ")}"
