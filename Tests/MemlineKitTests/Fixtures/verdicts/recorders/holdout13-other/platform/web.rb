# quillmarsh web dyno (stationery subscriptions): a small threaded HTTP/1.1 server in plain Ruby 3.1 standing in for
# the Rails app (no gems on the recording box), logging lograge key=value lines to stdout like the real app.
# GET /admin/reports/annual-ledger.pdf renders the whole year's ledger in memory (~360 MB held ~24 s) and frees it.
require "socket"
require "json"
$stdout.sync = true
port = Integer(ENV.fetch("PORT"))
server = TCPServer.new("127.0.0.1", port)
puts "=> Booting Puma"
puts "Puma starting in single mode..."
puts "* Listening on http://0.0.0.0:#{port}"
puts "Use Ctrl-C to stop"
PLANS = Array.new(2000) { |i| { id: i, name: "Plan #{i}", price: 900 + i % 700 } }

def route(verb, path)
  case path
  when %r{\A/plans\z} then ["PlansController", "index", 200, JSON.generate(PLANS.first(40))]
  when %r{\A/subscriptions/\d+\z} then ["SubscriptionsController", verb == "PATCH" ? "update" : "show", 200, JSON.generate(id: path[/\d+/].to_i, plan: rand(2000))]
  when "/checkout" then ["CheckoutsController", "create", 201, JSON.generate(ok: true)]
  when "/admin/reports/annual-ledger.pdf"
    pages = Array.new(360) { |i| ("%PDF-page-#{i} " * 64).ljust(1_048_576, "L") }
    sleep 24
    size = pages.sum(&:bytesize); pages = nil
    ["Admin::ReportsController", "annual_ledger", 200, "%PDF-1.7 #{size}"]
  when "/up" then ["Rails::HealthController", "show", 200, "ok"]
  else ["ApplicationController", "not_found", 404, "not found"]
  end
end

loop do
  Thread.new(server.accept) do |sock|
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    line = sock.gets.to_s
    verb, path = line.split(" ")
    headers = {}
    while (h = sock.gets) && h != "\r\n"
      k, v = h.split(":", 2); headers[k.downcase] = v.to_s.strip
    end
    sock.read(headers["content-length"].to_i) if headers["content-length"]
    ctrl, action, status, body = route(verb, path.to_s)
    sock.write("HTTP/1.1 #{status} OK\r\nContent-Type: application/json\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}")
    sock.close
    ms = ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000).round(2)
    puts "method=#{verb} path=#{path} format=json controller=#{ctrl} action=#{action} status=#{status} duration=#{ms} view=#{(ms * 0.3).round(2)} db=#{(ms * 0.4).round(2)} request_id=#{headers['x-request-id']}"
    GC.start if path == "/admin/reports/annual-ledger.pdf"
  rescue StandardError => e
    puts "ERROR #{e.class}: #{e.message}"
  end
end
