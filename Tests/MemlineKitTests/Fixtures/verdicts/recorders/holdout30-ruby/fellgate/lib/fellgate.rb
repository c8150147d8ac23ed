# Fellgate Vets booking app (Rack stand-in for the Rails app): one lograge key=value line per request through
# the Rails logger (Logger formatter: severity, time, pid) into shared/log/production.log.
require "logger"
require "slot_cache"

module Fellgate
  ROOT = "/srv/fellgate"
  LOG = Logger.new(File.open(File.join(ROOT, "shared/log/production.log"), "a").tap { |f| f.sync = true })

  def self.after_fork(nr)
    $worker_nr = nr
    LOG.info("worker=#{nr} booted pid=#{Process.pid} release=#{File.read(File.join(ROOT, "current/REVISION")).strip rescue "?"}")
  end

  class App
    def initialize = (@cards = SlotCache.new)

    def call(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      status, type, body, ctrl, action, fmt, vf = route(env["PATH_INFO"])
      dur = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      LOG.info("method=#{env["REQUEST_METHOD"]} path=#{env["PATH_INFO"]} format=#{fmt} controller=#{ctrl} action=#{action} status=#{status} duration=#{format("%.2f", dur)} view=#{format("%.2f", dur * vf)} db=#{format("%.2f", dur * 0.15)} request_id=#{env["HTTP_X_REQUEST_ID"]} remote_ip=#{env["HTTP_X_FORWARDED_FOR"]}")
      [status, { "content-type" => type }, [body]]
    end

    def route(path)
      case path
      when %r{\A/appointments/(\d+)\z}
        id = $1.to_i
        card = @cards.fetch(id % 40) { "<div class=card>appointment slot #{id % 40}: " + ("vaccination booster, weight check, microchip scan; " * 1600) + "</div>" }
        [200, "text/html", card[0, 300], "AppointmentsController", "show", "html", 0.6]
      when %r{\A/pets/(\d+)\z}
        [200, "text/html", "<h1>Pet #{$1}</h1>" + "<li>visit</li>" * 120, "PetsController", "show", "html", 0.5]
      when "/slots"
        [200, "application/json", "[" + Array.new(96) { |i| "{\"t\":#{i}}" }.join(",") + "]", "SlotsController", "index", "json", 0.3]
      when "/exports/vaccinations.csv"
        out = +"pet_id,owner,vaccine,given_on,batch,vet\n"
        rng = Random.new(path.hash)
        1_100_000.times { |i| out << "#{i},owner-#{i % 7000},#{%w[DHPP Lepto4 Rabies FeLV Kennel-cough][i % 5]},2026-#{format("%02d", i % 12 + 1)}-#{format("%02d", i % 28 + 1)},B#{rng.rand(10_000..99_999)},#{%w[Hale Obi Marsh Quill][i % 4]}\n" }
        [200, "text/csv", "#{out.bytesize} bytes\n", "Exports::VaccinationsController", "show", "csv", 0.9]
      when "/up"
        [200, "text/html", "ok", "Rails::HealthController", "show", "html", 0.0]
      else
        [404, "text/html", "not found", "ApplicationController", "not_found", "html", 0.0]
      end
    end
  end
end
