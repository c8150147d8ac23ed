# Gorsedown Clinic cardiology portal (Rack stand-in for the Rails app). Rails' production.log format (Logger
# formatter with the pid, request-id tag), GC.stat per worker every 10 s into log/gc.log, heap dumps of worker 0
# on request (tmp/heapdump.request touched -> tmp/heapdumps/heap.json, objects since the boot generation).
require "logger"
require "json"
require "time"
require "objspace"
require "ecgtrace"
require "formulary"

module Gorsedown
  ROOT = "/srv/gorsedown"
  LOG = Logger.new(File.open(File.join(ROOT, "log/production.log"), "a").tap { |f| f.sync = true })

  def self.worker_boot(index)
    GC.start
    gen = GC.count
    ObjectSpace.trace_object_allocations_start if index == 0
    gc = File.open(File.join(ROOT, "log/gc.log"), "a").tap { |f| f.sync = true }
    Thread.new do
      loop do
        gc.puts "#{Time.now.strftime("%FT%T.%L%:z")} worker=#{index} pid=#{Process.pid} " + GC.stat.slice(:count, :major_gc_count, :minor_gc_count, :heap_live_slots, :heap_free_slots, :heap_allocated_pages, :old_objects, :malloc_increase_bytes, :oldmalloc_increase_bytes, :total_allocated_objects, :total_freed_objects).map { |k, v| "#{k}=#{v}" }.join(" ")
        sleep 10
      end
    end
    return unless index == 0
    Thread.new do
      req = File.join(ROOT, "tmp/heapdump.request")
      seen = File.exist?(req) ? File.mtime(req) : nil
      loop do
        sleep 0.5
        m = File.exist?(req) ? File.mtime(req) : nil
        next if m.nil? || m == seen
        seen = m
        Dir.mkdir(File.join(ROOT, "tmp/heapdumps")) unless Dir.exist?(File.join(ROOT, "tmp/heapdumps"))
        GC.start
        File.open(File.join(ROOT, "tmp/heapdumps/heap.json.part"), "w") { |f| ObjectSpace.dump_all(output: f, since: gen) }
        File.rename(File.join(ROOT, "tmp/heapdumps/heap.json.part"), File.join(ROOT, "tmp/heapdumps/heap.json"))
      end
    end
  end

  class App
    def call(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      rid = env["HTTP_X_REQUEST_ID"]
      path = env["PATH_INFO"]
      q = env["QUERY_STRING"].to_s
      LOG.info("[#{rid}] Started #{env["REQUEST_METHOD"]} \"#{path}#{q.empty? ? "" : "?" + q}\" for #{env["HTTP_X_FORWARDED_FOR"]} at #{Time.now.strftime("%F %T %z")}")
      status, type, body, ctrl, fmt, params, views = route(path)
      LOG.info("[#{rid}] Processing by #{ctrl} as #{fmt}")
      LOG.info("[#{rid}]   Parameters: #{params.inspect}") unless params.empty?
      views.each { |v, ms| LOG.info("[#{rid}]   Rendered #{v} (Duration: #{ms}ms | Allocations: #{(ms * 310).round})") }
      dur = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      LOG.info("[#{rid}] Completed #{status} #{status == 200 ? "OK" : "Not Found"} in #{dur.round}ms (Views: #{(dur * 0.4).round(1)}ms | ActiveRecord: #{(dur * 0.2).round(1)}ms | Allocations: #{(dur * 900).round + 600})")
      [status, { "content-type" => type }, [body]]
    end

    def route(path)
      rng = Random.new(path.hash)
      case path
      when %r{\A/patients/(\d+)/ecg/(\d+)\.png\z}
        pid, strip = $1, $2.to_i
        samples = Random.new(strip).bytes(4096)
        annotations = strip.even? ? [[120, "pacing spike"], [1830, "clinician mark"]] : []
        png = EcgTrace.render_strip(samples, annotations)
        [200, "image/png", png, "EcgStripsController#show", "PNG", { "patient_id" => pid, "id" => strip.to_s }, [["ecg_strips/show.png.ecgtrace", 6.1]]]
      when %r{\A/formulary/(\d+)\z}
        mono = Formulary.monograph($1.to_i)
        [200, "text/html", mono[0, 400], "FormularyController#show", "HTML", { "id" => $1 }, [["formulary/show.html.erb within layouts/application", 2.4]]]
      when %r{\A/patients/(\d+)\z}
        [200, "text/html", "<h1>Patient #{$1}</h1>" + "<li>visit</li>" * 150, "PatientsController#show", "HTML", { "id" => $1 }, [["patients/show.html.erb within layouts/application", 4.2]]]
      when %r{\A/clinics/(\d+)/rota\.pdf\z}
        shifts = Array.new(160_000) { |i| "Clinic #{$1} #{format("%02d", i % 30 + 1)} Dec 2026 shift #{i % 3} Dr #{%w[Okafor Lindqvist Byrne Tamsin Patel].sample(random: rng)} room #{rng.rand(1..14)}" }
        pdf = shifts.join("\n")
        [200, "application/pdf", "#{pdf.bytesize} bytes", "RotasController#show", "PDF", { "clinic_id" => $1 }, [["rotas/show.pdf.prawn", 540.0]]]
      when "/up"
        [200, "text/html", "ok", "Rails::HealthController#show", "HTML", {}, []]
      else
        [404, "text/html", "not found", "ApplicationController#not_found", "HTML", {}, []]
      end
    end
  end
end
