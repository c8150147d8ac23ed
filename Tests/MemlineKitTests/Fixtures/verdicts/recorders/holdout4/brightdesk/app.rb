# Brightdesk (help desk) stand-in: a unicorn-like master forking 3 workers, plus a Sidekiq-like job process.
#   ruby app.rb SECONDS OUTDIR
# Every endpoint runs the vendored useragent_hints gem (vendor/bundle/ruby/3.1.0/gems/useragent_hints-1.4.2) from a
# before_action stand-in; its Memo keys include the request id and keeps every parse (~12 KB). GET
# /reports/sla/:id.pdf (about 3% of requests) builds ~45 MB of short-lived Strings per request. The job process runs
# SlaRecalcJob every ~15 s (a 350k-row transient result set) and TicketMailerJob every 0.7 s. Workers log a
# per-request RSS line through Ruby Logger (performance.log). Worker 0 traces allocations and writes
# ObjectSpace.dump_all to heap.<pid>.<n>.json on SIGUSR2 (sent by the master at 20%, 50% and 85%).
$LOAD_PATH.unshift File.expand_path("vendor/bundle/ruby/3.1.0/gems/useragent_hints-1.4.2/lib", __dir__)
require "logger"
require "json"
require "objspace"
require "useragent_hints"

DURATION = Float(ARGV.fetch(0, "80"))
OUT = ARGV.fetch(1, "out")
DEADLINE = Time.now + DURATION
WORKERS = 3

def rss_kb
  File.foreach("/proc/self/status") { |l| return l.split[1].to_i if l.start_with?("VmRSS:") }
  0
end

def set_name(n) = File.write("/proc/self/comm", n)

AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
  "Brightdesk-iOS/5.12 (iPhone; iOS 17.1; Scale/3.00)"
]
LANGS = ["en-US,en;q=0.9", "de-DE,de;q=0.8,en;q=0.5", "fr-FR,fr;q=0.9", "pt-BR,pt;q=0.9,en;q=0.4"]

def render(n)
  Array.new(n) { |i| { "id" => i, "subject" => "ticket #{i}", "state" => "open" } }.map(&:to_json).join.bytesize
end

def sla_pdf(id)
  pages = Array.new(180) { |p| Array.new(1_200) { |l| "page #{p} line #{l} ticket #{id} " + ("." * 160) }.join("\n") }
  pages.sum(&:bytesize)
end

ENDPOINTS = [
  [:tickets_index, 30, "/tickets?page=%d"], [:ticket, 28, "/tickets/%d"], [:comment, 12, "/tickets/%d/comments"],
  [:search, 12, "/search?q=printer+%d"], [:agents, 8, "/agents/%d"], [:dashboard, 7, "/dashboard"],
  [:sla_pdf, 3, "/reports/sla/%d.pdf"]
]

def handle(ep, id)
  case ep
  when :tickets_index then render(250)
  when :ticket then render(120)
  when :comment then render(60)
  when :search then render(700)
  when :agents then render(90)
  when :dashboard then render(400)
  when :sla_pdf then sla_pdf(id)
  end
end

def pick(rng)
  r = rng.rand(100)
  ENDPOINTS.each { |e, w, path| return [e, path] if (r -= w) < 0 }
  ENDPOINTS.first.values_at(0, 2)
end

def worker(index, ulog)
  set_name("unicorn_worker")
  ObjectSpace.trace_object_allocations_start if index.zero?
  ulog.info("worker=#{index} ready")
  wanted = 0
  trap("USR2") { wanted += 1 }
  dumped = 0
  log = Logger.new(File.join(OUT, "performance.log"))
  rng = Random.new(4242 + index)
  until Time.now > DEADLINE
    if wanted > dumped
      dumped += 1
      GC.start(full_mark: true, immediate_sweep: true)
      GC.start(full_mark: true, immediate_sweep: true)
      File.open(File.join(OUT, "heap.#{Process.pid}.#{dumped}.json"), "w") { |io| ObjectSpace.dump_all(output: io) }
    end
    ep, path = pick(rng)
    id = rng.rand(1..9000)
    env = { "HTTP_USER_AGENT" => AGENTS[rng.rand(AGENTS.size)], "HTTP_ACCEPT_LANGUAGE" => LANGS[rng.rand(LANGS.size)],
            "HTTP_X_REQUEST_ID" => format("%08x-%04x-%04x", rng.rand(2**32), rng.rand(2**16), rng.rand(2**16)) }
    before = rss_kb
    UseragentHints.for(env)
    handle(ep, id)
    after = rss_kb
    log.info("CONSUME MEMORY: #{after - before}KB\tNow: #{after} KB\thttps://help.brightdesk.io" + format(path, id))
    sleep(0.05 + rng.rand * 0.08)
  end
  exit!(0)
end

def master
  set_name("unicorn_master")
  File.write(File.join(OUT, "unicorn.pid"), "#{Process.pid}\n")
  ulog = Logger.new(File.join(OUT, "unicorn.stderr.log"))
  ulog.info("listening on addr=0.0.0.0:3000 fd=9")
  ulog.info("master process ready")
  workers = {}
  WORKERS.times do |i|
    pid = fork { worker(i, ulog) }
    workers[pid] = i
    ulog.info("worker=#{i} spawned pid=#{pid}")
  end
  target = workers.key(0)
  start = Time.now
  [0.2, 0.5, 0.85].each do |f|
    sleep([start + f * DURATION - Time.now, 0].max)
    Process.kill("USR2", target)
  end
  until workers.empty?
    pid, status = Process.wait2
    i = workers.delete(pid)
    ulog.info("reaped #{status.inspect} worker=#{i}")
  end
  ulog.info("master complete")
end

def sidekiq
  set_name("sidekiq")
  File.write(File.join(OUT, "sidekiq.pid"), "#{Process.pid}\n")
  log = File.open(File.join(OUT, "sidekiq.log"), "a")
  log.sync = true
  mu = Mutex.new
  say = ->(line) { mu.synchronize { log.puts("#{Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ")} pid=#{Process.pid} #{line}") } }
  say.call("tid=1yx INFO: Booting Sidekiq 7.1.6 with Sidekiq::RedisConnection::RedisClientAdapter options {:url=>\"redis://10.0.4.7:6379/2\"}")
  say.call("tid=1yx INFO: Starting processing, hit Ctrl-C to stop")
  q = Queue.new
  rng = Random.new(99)
  threads = %w[2b4 2c8 2dk].map do |tid|
    Thread.new do
      while (job = q.pop)
        klass, jid = job
        t0 = Time.now
        say.call("tid=#{tid} class=#{klass} jid=#{jid} INFO: start")
        if klass == "SlaRecalcJob"
          rows = Array.new(350_000) { |i| { "ticket_id" => i, "breached" => i.odd?, "note" => "sla #{i}" } }
          rows.count { |r| r["breached"] }
          rows = nil
        else
          render(200)
          sleep 0.04
        end
        say.call("tid=#{tid} class=#{klass} jid=#{jid} elapsed=#{(Time.now - t0).round(3)} INFO: done")
      end
    end
  end
  start = Time.now
  next_sla = 6.0
  until Time.now > DEADLINE
    if Time.now - start >= next_sla
      q << ["SlaRecalcJob", "%024x" % rng.rand(2**96)]
      next_sla += 15
    end
    q << ["TicketMailerJob", "%024x" % rng.rand(2**96)]
    sleep 0.7
  end
  q.close
  threads.each(&:join)
end

kids = [fork { master }, fork { sidekiq }]
kids.each { |pid| Process.wait(pid) }
