# One web dyno of the h3-platform-deploy incident: a puma-like HTTP/1.1 server (single mode, 4 threads) on a
# real TCP port, run as its own process by platform.rb. Request lines are lograge's key=value lines (with
# allocations and request_id as custom fields) through Rails' logger on stdout; the platform stamps them.
#
#   PORT=25101 DYNO=web.1 RELEASE=v57 ruby web.rb
#
# Endpoints:
#   GET  /accounts/:id                 AccountsController#show              small
#   GET  /accounts/:id/ledger          LedgersController#show               ~30k short-lived objects
#   GET  /api/v1/balances/:id          Api::V1::BalancesController#show     small
#   POST /api/v1/transactions          Api::V1::TransactionsController#create small
#   GET  /statements/:id.pdf           StatementsController#show            renders ~14 MB of page buffers, freed
#   GET  /health                       HealthController#show                tiny
# Release v57 upgrades the tracing middleware (tracekit 2.4.0): it buffers every request's span tree (~150 KB)
# in a process-wide pending list that is only drained when its collector connection is up, which in this app
# it never is (the collector URL was renamed in v57's config). Release v56 runs tracekit 2.3.2: spans are
# built and dropped. So under v57 every request retains memory, on every endpoint.
require "socket"
require "logger"
require "json"
require "securerandom"

PORT = Integer(ENV.fetch("PORT"))
RELEASE = ENV.fetch("RELEASE")
$stdout.sync = true

# The booted app: constants, routes, i18n, the currency and holiday tables. About 230 MB.
BOOT_OBJECTS = Array.new(330_000) { |i| "tidepool-object-#{i}-" + ("b" * 170) }
HOLIDAY_TABLE = Array.new(90) { |i| ("h%04d" % i) * 262_144 } # 90 x 1.25 MB

module Tracekit
  VERSION = RELEASE == "v57" ? "2.4.0" : "2.3.2"
  PENDING = [] # spans waiting for the collector (2.4.0: never drained here)

  def self.trace(name, rid)
    spans = Array.new(600) { |i| "#{name}|#{rid}|span-#{i}|db.query SELECT * FROM ledger_entries WHERE account_id = $1 LIMIT 50|#{'t' * 120}" }
    if VERSION == "2.4.0"
      PENDING << spans
    end
    spans.size
  end
end

LOG = Logger.new($stdout)
LOG.formatter = proc { |_sev, _time, _prog, msg| "#{msg}\n" } # lograge on Heroku: the bare key=value line
LOG_LOCK = Mutex.new

def say(msg)
  LOG_LOCK.synchronize { LOG.info(msg) }
end

def puma_say(msg)
  $stdout.write("[#{Process.pid}] #{msg}\n")
end

def small_work(n)
  Array.new(n) { |i| { "id" => i, "amount" => i * 7, "currency" => "EUR" } }.map(&:to_json).join.bytesize
end

def ledger(id)
  rows = Array.new(10_000) { |i| { "id" => i, "memo" => "entry #{i} for #{id}", "cents" => (i * 7919 + id) % 100_000 } }
  rows.sort_by { |r| -r["cents"] }.first(50).map(&:to_json).join.bytesize
end

def statement_pdf(id)
  pages = Array.new(7) { |p| (format("%%PDF-statement-%02d-%06d ", p, id) * 80_000)[0, 2_000_000] }
  sleep(0.06 + rand * 0.15)
  out = pages.map { |pg| pg[0, 90_000] }.join
  pages.each(&:clear)
  out.bytesize
end

ROUTES = [
  [%r{\AGET /accounts/(\d+)\z}, "AccountsController", "show", "html"],
  [%r{\AGET /accounts/(\d+)/ledger\z}, "LedgersController", "show", "html"],
  [%r{\AGET /api/v1/balances/(\d+)\z}, "Api::V1::BalancesController", "show", "json"],
  [%r{\APOST /api/v1/transactions\z}, "Api::V1::TransactionsController", "create", "json"],
  [%r{\AGET /statements/(\d+)\.pdf\z}, "StatementsController", "show", "pdf"],
  [%r{\AGET /health\z}, "HealthController", "show", "json"]
].freeze

def handle(sock, rng)
  line = sock.gets or return
  verb, target, = line.split(" ", 3)
  headers = {}
  while (h = sock.gets) && h != "\r\n"
    k, v = h.split(":", 2)
    headers[k.downcase] = v.strip
  end
  sock.read(headers["content-length"].to_i) if headers["content-length"]
  rid = headers["x-request-id"]
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  route = ROUTES.find { |re, *| re.match?("#{verb} #{target}") }
  re, controller, action, fmt = route
  arg = "#{verb} #{target}"[re, 1].to_i
  allocs0 = GC.stat(:total_allocated_objects)
  status = 200
  db = 0.0
  out = case controller
        when "AccountsController" then sleep(0.015 + rng.rand * 0.03); db = 6 + rng.rand * 8; small_work(200)
        when "LedgersController" then db = 18 + rng.rand * 20; ledger(arg)
        when "Api::V1::BalancesController" then sleep(0.005 + rng.rand * 0.02); db = 2 + rng.rand * 4; small_work(40)
        when "Api::V1::TransactionsController" then status = 201; sleep(0.02 + rng.rand * 0.03); db = 9 + rng.rand * 6; small_work(60)
        when "StatementsController" then db = 30 + rng.rand * 30; statement_pdf(arg)
        when "HealthController" then 2
        end
  Tracekit.trace("#{controller}##{action}", rid) unless controller == "HealthController"
  ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
  allocs = GC.stat(:total_allocated_objects) - allocs0
  view = fmt == "json" ? 0.0 : ms * 0.35
  say(format("method=%s path=%s format=%s controller=%s action=%s status=%d allocations=%d duration=%.2f view=%.2f db=%.2f request_id=%s",
             verb, target, fmt, controller, action, status, allocs, ms, view, db, rid))
  bytes = controller == "StatementsController" ? out : 600 + out % 18_000
  ctype = { "html" => "text/html", "json" => "application/json", "pdf" => "application/pdf" }[fmt]
  text = status == 201 ? "Created" : "OK"
  sock.write("HTTP/1.1 #{status} #{text}\r\nContent-Type: #{ctype}\r\nContent-Length: #{bytes}\r\nConnection: close\r\n\r\n")
  sock.write("x" * bytes)
rescue Errno::EPIPE, Errno::ECONNRESET
  nil
ensure
  sock&.close
end

server = TCPServer.new("127.0.0.1", PORT)
puma_say("Puma starting in single mode...")
puma_say("* Puma version: 6.4.3 (ruby 3.1.2-p20) (\"The Eagle of Durango\")")
puma_say("*  Min threads: 4")
puma_say("*  Max threads: 4")
puma_say("*  Environment: production")
puma_say("*          PID: #{Process.pid}")
puma_say("* Listening on http://0.0.0.0:#{PORT}")
puma_say("Use Ctrl-C to stop")

stopping = false
Signal.trap("TERM") { stopping = true }
queue = Queue.new
threads = 4.times.map do |i|
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
