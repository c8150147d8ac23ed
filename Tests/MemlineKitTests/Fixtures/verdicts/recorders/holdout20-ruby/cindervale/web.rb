# cindervale web dyno stand-in (a threaded HTTP server in place of puma, 5 threads): Rails' tagged production log on stdout
# (RAILS_LOG_TO_STDOUT, log_tags [:request_id]), as Heroku collects it.
require "socket"
require "logger"
$stdout.sync = true
LOG = Logger.new($stdout)
LOG.formatter = proc { |sev, t, _p, m| "#{sev[0]}, [#{t.strftime("%FT%T.%6N")} ##{Process.pid}] #{sev.rjust(5)} -- : #{m}\n" }
ROUTES = [
  ["GET", %r{\A/routes/(\d+)\z}, "RoutesController#show"],
  ["GET", %r{\A/depots\z}, "DepotsController#index"],
  ["POST", %r{\A/deliveries\z}, "DeliveriesController#create"],
  ["GET", %r{\A/search\z}, "SearchController#index"],
  ["GET", %r{\A/up\z}, "Rails::HealthController#show"],
]
# the address search: tokenises every depot's address book per query (lots of short-lived strings, nothing kept)
ADDRESSES = Array.new(4000) { |i| "#{i} Harbour Road, Unit #{i % 40}, Cindervale CV#{i % 90} #{i % 9}QT" }
def search(q)
  hits = 0
  3.times { ADDRESSES.each { |a| hits += 1 if a.downcase.split(/[ ,]+/).map { |w| w.tr("aeiou", "*") }.include?(q) } }
  hits
end

server = TCPServer.new("127.0.0.1", Integer(ENV["PORT"]))
LOG.info("Puma starting in single mode... (stand-in) Listening on http://0.0.0.0:#{ENV["PORT"]}")
q = Queue.new
5.times do
  Thread.new do
    loop do
      c = q.pop
      line = c.gets.to_s
      rid = nil; ip = nil
      while (l = c.gets) && l != "\r\n"
        rid = l.split(": ", 2)[1].strip if l =~ /^x-request-id:/i
        ip = l.split(": ", 2)[1].strip if l =~ /^x-forwarded-for:/i
      end
      meth, path = line.split(" ")
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      LOG.info("[#{rid}] Started #{meth} \"#{path}\" for #{ip} at #{Time.now.strftime("%F %T %z")}")
      p = path.split("?").first
      r = ROUTES.find { |m, re, _| m == meth && re.match?(p) }
      body = "ok"; status = 200
      if r
        LOG.info("[#{rid}] Processing by #{r[2]} as JSON")
        case r[2]
        when /Search/ then body = "hits=#{search("harb*r")}"
        when /Routes/ then body = "{\"route\":#{p[/\d+/]},\"stops\":#{rand(8..30)}}"
        when /Depots/ then body = Array.new(40) { |i| "depot-#{i}" }.join(",")
        when /Deliveries/ then status = 201
        end
      else
        status = 404
      end
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      word = { 200 => "OK", 201 => "Created", 404 => "Not Found" }[status]
      LOG.info("[#{rid}] Completed #{status} #{word} in #{ms.round}ms (Views: #{(ms * 0.2).round(1)}ms | ActiveRecord: #{(ms * 0.1).round(1)}ms | Allocations: #{GC.stat(:total_allocated_objects) - a0})")
      c.write "HTTP/1.1 #{status} #{word}\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}"
      c.close
    rescue StandardError => e
      warn e.message
    end
  end
end
Signal.trap("TERM") { exit 0 }
loop { q << server.accept }
