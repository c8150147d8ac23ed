# /srv/larkspur/app.rb: Larkspur (library holds and loans), a stand-in for its Rails app under Passenger. Rails logs to
# syslog (config.logger = ActiveSupport::Logger.new(Syslog::Logger)); rsyslog writes the traditional format
# "Dec  7 04:51:02 lk-web-2 rails[PID]: [request_id] Started ..." to log/production.log (written here directly).
require "json"
require "socket"

module Larkspur
  HOST = "lk-web-2"
  # the hold queue preview memo added in LK-210: keyed by hold id and the request's time, so it never hits and never evicts
  module HoldQueuePreview
    MEMO = {}
    def self.for(id)
      MEMO[[id, Time.now.to_f]] ||= Array.new(11_000) { |i| "hold:#{id}:patron:#{i}:position=#{i + 1}" }
    end
  end

  def self.log(rid, msg)
    t = Time.now
    @log.write("#{t.strftime("%b")} #{t.day.to_s.rjust(2)} #{t.strftime("%T")} #{HOST} rails[#{Process.pid}]: [#{rid}] #{msg}\n")
  end

  ROUTES = [
    ["GET", %r{\A/books/(\d+)\z}, "BooksController#show", :book],
    ["GET", %r{\A/search\z}, "SearchController#index", :search],
    ["POST", %r{\A/loans\z}, "LoansController#create", :loan],
    ["GET", %r{\A/holds/(\d+)/queue\z}, "HoldsController#queue", :hold_queue],
    ["GET", %r{\A/reports/circulation\.csv\z}, "Reports::CirculationController#index", :circulation],
    ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up],
  ]

  def self.book(id) = [200, ("<p>book #{id}</p>" * 40), 2.1]
  def self.search(_) = [200, Array.new(300) { |i| "r#{i}" }.join(","), 6.4]
  def self.loan(_) = [201, "ok", 3.2]
  def self.up(_) = [200, "up", 0.0]
  def self.hold_queue(id)
    q = HoldQueuePreview.for(id)
    [200, q.first(20).join("\n"), 4.8]
  end
  # the quarterly circulation export: every loan row of the quarter built in memory, then streamed
  def self.circulation(_)
    rows = Array.new(260_000) { |i| "#{i},#{i * 7 % 9973},2026-#{i % 12 + 1}-#{i % 28 + 1},branch-#{i % 11},returned" }
    csv = rows.join("\n")
    [200, "#{csv.bytesize} bytes", 180.0]
  end

  def self.serve(sock)
    @log = File.open(File.join(File.dirname(__FILE__), "log/production.log"), "a"); @log.sync = true
    while (line = sock.gets)
      break if line.strip == "exit"
      r = JSON.parse(line)
      rid = r["rid"]
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      log(rid, "Started #{r["m"]} \"#{r["p"]}\" for #{r["ip"]} at #{Time.now.strftime("%F %T %z")}")
      route = ROUTES.find { |m, re, *| m == r["m"] && re.match?(r["p"]) }
      if route
        _, re, action, h = route
        id = re.match(r["p"])[1]
        log(rid, "Processing by #{action} as #{r["p"].end_with?(".csv") ? "CSV" : "HTML"}")
        log(rid, "  Parameters: {\"id\"=>\"#{id}\"}") if id
        status, body, db = send(h, id)
      else
        status, body, db = 404, "not found", 0.0
      end
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000 + db
      word = { 200 => "OK", 201 => "Created", 404 => "Not Found" }[status]
      log(rid, "Completed #{status} #{word} in #{ms.round}ms (Views: #{(ms * 0.3).round(1)}ms | ActiveRecord: #{db}ms | Allocations: #{rand(900..4000)})")
      sock.puts JSON.generate({ "s" => status, "b" => body })
    end
  end
end
