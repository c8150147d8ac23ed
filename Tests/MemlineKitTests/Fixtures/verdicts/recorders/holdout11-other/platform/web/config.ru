# crewroster: the web app of the h11-platform-crewroster-worker-job incident, a Rack app served by Debian's Puma
# 5.6.5 in single mode (4 threads) on each web dyno, log level warn (the router's lines are the request log).
# At boot it loads the airport/aircraft reference data (~30 MB of objects).
#   GET  /rosters/:crew_id             a crew member's roster JSON, small
#   GET  /pairings?base=…              ~5k short-lived objects, 30-80 ms
#   POST /swaps                        a trip swap request, small
#   GET  /admin/reports/fdp-annual.csv the annual flight-duty-period report: ~470 MB of rows built, streamed over
#                                      ~22 s, dropped (requested once, on web.2)
#   GET  /health                       health check
require "json"

$stdout.sync = true
REFDATA = Array.new(200_000) { |i| "ref-#{i}-" + ("a" * 100) }

def small(n) = Array.new(n) { |i| { "id" => i, "leg" => "LEG#{i}", "block" => i % 600 } }.to_json.bytesize

def pairings(q)
  rows = Array.new(5_000) { |i| { "code" => REFDATA[(i * 17 + q.size) % REFDATA.size][0, 18], "cost" => (i * 29) % 89 } }
  sleep(0.03 + rand * 0.05)
  rows.min_by(25) { |r| r["cost"] }.to_json.bytesize
end

def annual_report
  rows = []
  470.times { |i| rows << ("fdp;month #{i % 12};" + ("r" * (1 << 20))) }
  sleep(22.0) # streaming the CSV to the client
  rows.size * 64
ensure
  rows = nil
  GC.start
end

app = lambda do |env|
  path = env["PATH_INFO"]
  sleep((2 + rand * 10) / 1000.0) # the database
  size = case path
         when %r{\A/rosters/\d+\z} then small(40)
         when "/pairings" then pairings(env["QUERY_STRING"].to_s)
         when "/swaps" then small(3)
         when "/admin/reports/fdp-annual.csv" then annual_report
         else 2
         end
  [env["REQUEST_METHOD"] == "POST" ? 201 : 200, { "content-type" => "application/json" }, ["x" * [size / 50, 20].max]]
end

puts "=> Booting Puma"
puts "=> Rails 7.1.3 application starting in production"
run app
