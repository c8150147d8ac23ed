# Brantwood lodge bookings (bw-app-1). A Rack stand-in for the Rails app: one lograge JSON line per request in
# log/production.log (Lograge::Formatters::Json with custom_options time, pid, request_id), heap dumps on request by
# touching tmp/heapdump-<worker nr> (BW-77).
require "json"
require "time"
require "rack"
require "objspace"
require "brantwood/note_audit"
require "brantwood/occupancy_report"

module Brantwood
  ROOT = "/srv/brantwood"
  ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"

  def self.log(line)
    if @log_pid != Process.pid
      @log_pid = Process.pid
      @log = File.open("#{ROOT}/log/production.log", "a").tap { |f| f.sync = true }
      start_dumper
    end
    @log.write(line + "\n")
  end

  def self.start_dumper
    Thread.new do
      n = 0
      loop do
        trigger = "#{ROOT}/tmp/heapdump-#{ENV["BRANTWOOD_WORKER"]}"
        if File.exist?(trigger)
          File.delete(trigger)
          n += 1
          path = "#{ROOT}/tmp/heap-#{Process.pid}-#{n}.json"
          GC.start
          File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
          File.rename(path + ".part", path)
        end
        sleep 0.5
      end
    end
  end

  class App
    ROUTES = [
      ["GET", %r{\A/api/rooms/(\d+)/availability\z}, "Api::AvailabilityController", "show", :availability, "json"],
      ["POST", %r{\A/api/bookings/(\d+)/notes\z}, "Api::BookingNotesController", "create", :note, "json"],
      ["GET", %r{\A/guests/(\d+)\z}, "GuestsController", "show", :guest, "html"],
      ["GET", %r{\A/reports/occupancy\.pdf\z}, "Reports::OccupancyController", "show", :occupancy, "pdf"],
      ["POST", %r{\A/admin/rates/rebuild\z}, "Admin::RatesController", "rebuild", :rebuild, "html"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show", :up, "html"],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      meth, re, ctrl, action, handler, fmt = ROUTES.find { |m, r, *| m == req.request_method && r.match?(req.path_info) }
      return [404, {}, ["not found"]] unless handler
      id = re.match(req.path_info)[1]&.to_i
      status, body, db = send(handler, req, id)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      Brantwood.log({ method: meth, path: req.path_info, format: fmt, controller: ctrl, action: action, status: status,
                      duration: ms.round(2), view: (ms * 0.4).round(2), db: db, time: Time.now.iso8601(3), pid: Process.pid,
                      request_id: env["HTTP_X_REQUEST_ID"] }.to_json)
      [status, { "content-type" => "text/html" }, [body]]
    end

    def availability(req, id)
      rng = Random.new(id)
      nights = Array.new(60) { |i| { night: i, free: rng.rand(0..4), rate: 89 + rng.rand(60) } }
      [200, { room: id, from: req.params["from"], nights: nights }.to_json, 1.8]
    end

    def note(req, id)
      NoteAudit.record(id, req.body.read)
      [201, { ok: true }.to_json, 3.1]
    end

    def guest(_req, id)
      stays = Array.new(80) { |i| "<li>stay #{i} of guest #{id}: lodge #{(id + i) % 14}, #{i % 5 + 1} nights</li>" }
      [200, "<html><body><ul>#{stays.join}</ul></body></html>", 4.4]
    end

    def occupancy(req, _id)
      [200, OccupancyReport.new(req.params["month"]).render, 38.5]
    end

    def rebuild(_req, _id)
      sleep 40 # rate tables rebuilt inline (BW-140: should be a job)
      [200, "rebuilt", 39_000.0]
    end

    def up(_req, _id) = [200, "ok", 0.0]
  end
end
