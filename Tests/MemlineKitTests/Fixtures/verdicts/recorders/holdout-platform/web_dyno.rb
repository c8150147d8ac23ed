# One web dyno of the heroku-web-leak incident: a puma-like HTTP/1.1 server (single mode, 5 threads) on a real
# TCP port, run as its own process by platform.rb.
#
#   PORT=24101 DYNO=web.1 ruby web_dyno.rb
#
# It logs Rails' request lines with Ruby's Logger to stdout (the platform stamps them on arrival, as logplex
# does) and serves:
#   GET  /                       HomeController#index            small
#   GET  /products/:id           ProductsController#show         small
#   GET  /search?q=              SearchController#index          ~40k short-lived objects
#   GET  /api/orders/:id.json    Api::OrdersController#show      small
#   POST /api/events             Api::EventsController#create    small
#   GET  /reports.pdf            ReportsController#show          renders 10 page bitmaps of ~2 MB (~20 MB, all
#                                                                garbage once the ~1 MB PDF is sent)
#   POST /api/imports            Api::ImportsController#create   fetches and parses an import of 4-8 MB and keeps
#                                                                it in ImportDeduper::SEEN ("for duplicate
#                                                                detection"), never pruned: the planted leak.
require "socket"
require "logger"
require "json"

PORT = Integer(ENV.fetch("PORT"))
$stdout.sync = true

# The booted Rails app: constants, routes, i18n, caches (held for the process's life), plus the geo/pricing
# table the app loads at boot. About 260 MB in all.
BOOT_OBJECTS = Array.new(420_000) { |i| "app-object-#{i}-" + ("r" * 180) }
PRICING_TABLE = Array.new(110) { |i| ("p%04d" % i) * 262_144 } # 110 x 1.25 MB

module ImportDeduper
  SEEN = [] # every parsed import, kept to reject duplicate uploads; nothing ever prunes it
end

LOG = Logger.new($stdout)
LOG_LOCK = Mutex.new

def info(msg)
  LOG_LOCK.synchronize { LOG.info(msg) }
end

def puma_say(msg)
  $stdout.write("[#{Process.pid}] #{msg}\n")
end

def small_work(n)
  rows = Array.new(n) { |i| { "id" => i, "name" => "row #{i}", "price" => i * 3 } }
  rows.map(&:to_json).join.bytesize
end

def search(q)
  rows = Array.new(12_000) { |i| { "id" => i, "title" => "item #{i} #{q}", "score" => (i * 7919 + q) % 1000 } }
  rows.sort_by { |r| -r["score"] }.first(20).map(&:to_json).join.bytesize
end

def render_pdf(id)
  pages = Array.new(10) { |p| (format("%%PDF-page-%02d-%06d ", p, id) * 87_382)[0, 2_000_000] } # ~2 MB bitmaps
  sleep(0.08 + rand * 0.2)
  pdf = pages.map { |pg| pg[0, 110_000] }.join # ~1.1 MB compressed output
  pdf.bytesize
end

def import(account, rng)
  size = (4 + rng.rand * 4) * 1_048_576
  rows = ("#{account},sku-#{rng.rand(1_000_000)},#{rng.rand(500)},2026-12-06\n" * (size / 40)).freeze
  sleep(0.25 + rng.rand * 0.45) # fetch the source file, validate
  ImportDeduper::SEEN << { account: account, digest: rows.hash, rows: rows }
  rows.bytesize / 40
end

ROUTES = [
  [%r{\AGET /\z}, "HomeController#index", "HTML"],
  [%r{\AGET /products/(\d+)\z}, "ProductsController#show", "HTML"],
  [%r{\AGET /search\?q=(\d+)\z}, "SearchController#index", "HTML"],
  [%r{\AGET /api/orders/(\d+)\.json\z}, "Api::OrdersController#show", "JSON"],
  [%r{\APOST /api/events\z}, "Api::EventsController#create", "JSON"],
  [%r{\AGET /reports\.pdf\z}, "ReportsController#show", "PDF"],
  [%r{\APOST /api/imports\z}, "Api::ImportsController#create", "JSON"]
].freeze

def handle(sock, rng)
  line = sock.gets or return
  verb, target, = line.split(" ", 3)
  headers = {}
  while (h = sock.gets) && h != "\r\n"
    k, v = h.split(":", 2)
    headers[k.downcase] = v.strip
  end
  body = headers["content-length"] ? sock.read(headers["content-length"].to_i) : ""
  rid = headers["x-request-id"]
  ip = headers["x-forwarded-for"]
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  info("[#{rid}] Started #{verb} \"#{target}\" for #{ip} at #{Time.now.utc.strftime('%Y-%m-%d %H:%M:%S +0000')}")
  route = ROUTES.find { |re, _, _| re.match?("#{verb} #{target}") }
  _, action, fmt = route
  info("[#{rid}] Processing by #{action} as #{fmt}")
  arg = "#{verb} #{target}"[route[0], 1].to_i
  allocs0 = GC.stat(:total_allocated_objects)
  status = 200
  out = case action
        when "HomeController#index" then sleep(0.01 + rng.rand * 0.03); small_work(150)
        when "ProductsController#show" then sleep(0.02 + rng.rand * 0.04); small_work(300)
        when "SearchController#index" then search(arg)
        when "Api::OrdersController#show" then sleep(0.01 + rng.rand * 0.02); small_work(80)
        when "Api::EventsController#create" then status = 202; sleep(0.005 + rng.rand * 0.01); small_work(20)
        when "ReportsController#show" then render_pdf(rng.rand(100_000))
        when "Api::ImportsController#create"
          status = 201
          import(JSON.parse(body)["account_id"], rng)
        end
  ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round
  allocs = GC.stat(:total_allocated_objects) - allocs0
  text = { 200 => "OK", 201 => "Created", 202 => "Accepted" }[status]
  views = fmt == "JSON" ? "" : "Views: #{(ms * 0.4).round(1)}ms | "
  info("[#{rid}] Completed #{status} #{text} in #{ms}ms (#{views}ActiveRecord: #{(ms * 0.2).round(1)}ms | Allocations: #{allocs})")
  bytes = case action
          when "ReportsController#show" then out
          when "Api::ImportsController#create" then 96
          else 900 + out % 24_000
          end
  ctype = { "HTML" => "text/html", "JSON" => "application/json", "PDF" => "application/pdf" }[fmt]
  sock.write("HTTP/1.1 #{status} #{text}\r\nContent-Type: #{ctype}\r\nContent-Length: #{bytes}\r\nConnection: close\r\n\r\n")
  sock.write("x" * bytes)
rescue Errno::EPIPE, Errno::ECONNRESET
  nil
ensure
  sock&.close
end

server = TCPServer.new("127.0.0.1", PORT)
puma_say("Puma starting in single mode...")
puma_say("* Puma version: 6.4.2 (ruby 3.1.2-p20) (\"The Eagle of Durango\")")
puma_say("*  Min threads: 5")
puma_say("*  Max threads: 5")
puma_say("*  Environment: production")
puma_say("*          PID: #{Process.pid}")
puma_say("* Listening on http://0.0.0.0:#{PORT}")
puma_say("Use Ctrl-C to stop")

stopping = false
Signal.trap("TERM") { stopping = true }
queue = Queue.new
threads = 5.times.map do |i|
  Thread.new do
    rng = Random.new(PORT * 10 + i)
    while (s = queue.pop)
      handle(s, rng)
    end
  end
end
until stopping
  ready = IO.select([server], nil, nil, 0.2)
  next unless ready
  begin
    queue << server.accept_nonblock
  rescue IO::WaitReadable
    nil
  end
end
puma_say("- Gracefully stopping, waiting for requests to finish")
queue.close
threads.each(&:join)
puma_say("=== puma shutdown: #{Time.now.utc.strftime('%Y-%m-%d %H:%M:%S +0000')} ===")
puma_say("- Goodbye!")
Signal.trap("TERM", "DEFAULT")
Process.kill("TERM", Process.pid)
sleep 1
