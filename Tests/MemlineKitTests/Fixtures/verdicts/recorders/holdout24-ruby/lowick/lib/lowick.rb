# Lowick parcel tracking (lw-web-2). A Rack app; Rack::CommonLogger writes log/access.log, a probe thread in each
# worker appends a GC.stat JSON envelope every 5 s to log/gc_stat.log, and ops can ask a worker for a heap dump by
# touching tmp/heapdump-<worker index> (LW-190).
require "json"
require "time"
require "rack"
require "objspace"

module Lowick
  ROOT = File.expand_path("..", __dir__)
  SHARED = "/srv/lowick/shared"
  REVISION = (File.read(File.join(ROOT, "REVISION")).strip rescue "unknown")

  class AccessLog
    def write(msg)
      if @pid != Process.pid
        @pid = Process.pid
        @io = File.open("#{SHARED}/log/access.log", "a").tap { |f| f.sync = true }
      end
      @io.write(msg)
    end
  end

  def self.access_log = (@access_log ||= AccessLog.new)

  def self.start_probes
    return if @probe_pid == Process.pid
    @probe_pid = Process.pid
    worker = ENV["LOWICK_WORKER"].to_i
    Thread.new do
      File.open("#{SHARED}/log/gc_stat.log", "a") do |f|
        f.sync = true
        loop do
          f.puts({ ts: Time.now.utc.iso8601(3), pid: Process.pid, worker: worker, rev: REVISION, gc: GC.stat }.to_json)
          sleep 5
        end
      end
    end
    Thread.new do
      n = 0
      loop do
        trigger = "#{SHARED}/tmp/heapdump-#{worker}"
        if File.exist?(trigger)
          File.delete(trigger)
          n += 1
          path = "#{SHARED}/tmp/heap.#{Process.pid}.#{n}.json"
          GC.start
          File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
          File.rename(path + ".part", path)
        end
        sleep 0.5
      end
    end
  end

  STATUSES = %w[collected sorted in_transit at_depot out_for_delivery delivered].freeze
  DEPOTS = %w[barnsley-north rotherham-east selby-hub goole-docks thorne-road doncaster-iport].freeze

  class App
    def call(env)
      Lowick.start_probes
      req = Rack::Request.new(env)
      case [req.request_method, req.path_info]
      in ["GET", %r{\A/api/parcels/(\d+)\z}] then parcel(Regexp.last_match(1).to_i)
      in ["GET", %r{\A/depots/([a-z-]+)\z}] then depot(Regexp.last_match(1))
      in ["POST", "/api/scans"] then scan(req)
      in ["GET", "/reports/depot-throughput.csv"] then throughput
      in ["GET", "/up"] then [200, { "content-type" => "text/plain" }, ["ok"]]
      else [404, { "content-type" => "text/plain" }, ["not found"]]
      end
    end

    def parcel(id)
      rng = Random.new(id)
      events = Array.new(120 + rng.rand(120)) do |i|
        { "at" => (Time.at(1_765_000_000 + i * 600)).utc.iso8601, "status" => STATUSES[i % STATUSES.size],
          "depot" => DEPOTS[rng.rand(DEPOTS.size)], "note" => "scan #{i} of parcel #{id} " + ("." * rng.rand(40..200)) }
      end
      [200, { "content-type" => "application/json" }, [{ id: id, events: events }.to_json]]
    end

    def depot(slug)
      rows = Array.new(400) { |i| "<tr><td>#{slug}-#{i}</td><td>#{(i * 37) % 91} bays</td><td>#{STATUSES[i % 6]}</td></tr>" }
      [200, { "content-type" => "text/html" }, ["<html><body><h1>#{slug}</h1><table>#{rows.join}</table></body></html>"]]
    end

    def scan(req)
      body = req.body.read
      lines = body.split("\n").map { |l| l.split(",") }
      [201, { "content-type" => "application/json" }, [{ accepted: lines.size }.to_json]]
    end

    # Depot throughput for the last 30 days: ~180,000 CSV rows built in memory, several MB of short-lived strings.
    def throughput
      out = +"day,depot,hour,parcels,late\n"
      30.times do |d|
        DEPOTS.each do |dep|
          1000.times { |h| out << "2026-11-#{format("%02d", d + 1)},#{dep},#{h % 24},#{(d * h) % 517},#{h % 7}\n" }
        end
      end
      [200, { "content-type" => "text/csv" }, [out]]
    end
  end
end
