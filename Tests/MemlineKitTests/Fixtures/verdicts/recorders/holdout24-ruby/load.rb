# Traffic for the holdout24-ruby web incidents: ruby load.rb APP PORT SECONDS
# Poisson arrivals over a few client threads, one request per connection, X-Forwarded-For / X-Request-Id as a
# balancer sets them. A "periodic" request (a report, an admin action) comes from its own thread on its own clock.
require "net/http"
require "securerandom"

app, port, seconds = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
t0 = Time.now
deadline = t0 + seconds
# rate/s, clients, mix [[method, path, weight]], periodic [[method, path, every s, first at s, count or nil]]
RATE, CLIENTS, MIX, PERIODIC = {
  "lowick" => [5.0, 5, [["GET", "/api/parcels/%n", 50], ["GET", "/depots/%d", 20], ["POST", "/api/scans", 20], ["GET", "/up", 10]],
               [["GET", "/reports/depot-throughput.csv", 22, 12, nil]]],
  "brantwood" => [5.0, 5, [["GET", "/api/rooms/%n/availability?from=%D", 55], ["POST", "/api/bookings/%n/notes", 7],
                           ["GET", "/guests/%n", 25], ["GET", "/up", 13]],
                  [["GET", "/reports/occupancy.pdf?month=2026-%m", 16, 8, nil], ["POST", "/admin/rates/rebuild", 999, 6, 1]]],
  "tansley" => [4.0, 4, [["GET", "/recipes/%n", 45], ["GET", "/search?q=%q", 20], ["POST", "/baskets/%n/items", 15],
                         ["GET", "/up", 20]], [["GET", "/reports/weekly-sales", 18, 10, nil]]],
}.fetch(app)
DEPOTS = %w[barnsley-north rotherham-east selby-hub goole-docks thorne-road doncaster-iport]
QUERIES = %w[lentil+soup sourdough tagine gluten+free+brownies ramen vegan+curry pie]
$count = Hash.new(0)
$lock = Mutex.new

def body_for(path, rng)
  if path.include?("/scans") then Array.new(40) { |i| "LW#{rng.rand(10**9)},#{i},ok" }.join("\n")
  elsif path.include?("/notes") then "note=" + ("guest asked for late checkout, cot, quiet room; " * 8) + rng.rand(10**6).to_s
  else "sku=#{rng.rand(10**5)}&qty=#{rng.rand(1..4)}"
  end
end

def fire(port, meth, path, rng)
  ip = "#{rng.rand(11..223)}.#{rng.rand(256)}.#{rng.rand(256)}.#{rng.rand(2..254)}"
  hdr = { "X-Forwarded-For" => ip, "X-Request-Id" => SecureRandom.uuid, "User-Agent" => "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15" }
  Net::HTTP.start("127.0.0.1", port, open_timeout: 3, read_timeout: 120) do |h|
    if meth == "POST"
      r = Net::HTTP::Post.new(path, hdr); r.body = body_for(path, rng); r["Content-Type"] = "application/x-www-form-urlencoded"
      h.request(r)
    else
      h.request(Net::HTTP::Get.new(path, hdr))
    end
  end
  $lock.synchronize { $count["#{meth} #{path.sub(/\?.*/, "").gsub(/\d+/, ":n")}"] += 1 }
rescue StandardError => e
  warn "#{Time.now.utc.strftime("%T")} #{meth} #{path}: #{e.class}"
end

def expand(path, rng)
  path.gsub("%n") { rng.rand(1..60_000).to_s }.gsub("%d") { DEPOTS.sample(random: rng) }.gsub("%q") { QUERIES.sample(random: rng) }
      .gsub("%D") { "2026-12-#{format("%02d", rng.rand(8..28))}" }.gsub("%m") { format("%02d", rng.rand(1..11)) }
end

threads = Array.new(CLIENTS) do |c|
  Thread.new do
    rng = Random.new(c * 104_729 + port)
    sleep rng.rand
    until Time.now > deadline
      r = rng.rand * MIX.sum { |m| m[2] }
      meth, path, = MIX.find { |m| (r -= m[2]) < 0 } || MIX.first
      fire(port, meth, expand(path, rng), rng)
      sleep(-Math.log(1 - rng.rand) * CLIENTS / RATE)
    end
  end
end
PERIODIC.each_with_index do |(meth, path, every, first, count), i|
  threads << Thread.new do
    rng = Random.new(port + i)
    sleep first
    n = 0
    until Time.now > deadline - 4 || (count && n >= count)
      fire(port, meth, expand(path, rng), rng); n += 1
      break if count && n >= count
      sleep every * (0.85 + rng.rand * 0.3)
    end
  end
end
threads.each(&:join)
warn "#{app}: " + $count.sort.map { |k, v| "#{k}=#{v}" }.join(" ")
