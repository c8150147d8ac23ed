# Heroku + Papertrail stand-in for the cindervale incident: ruby drain.rb ROOT PORT SECONDS OUTDIR
# Runs the formation (web.1, web.2: web.rb; worker.1: worker.rb) as child processes and stands in for the platform: the
# router (this process accepts HTTP, forwards to a web dyno, writes heroku[router] lines), log-runtime-metrics (every
# ~20 s per dyno, from the dyno's /proc/PID/status: VmRSS as memory_rss, VmSwap), the R14 when a dyno's memory_total is
# above its 512 MB quota, and the Papertrail archive: every line becomes a row of OUTDIR/YYYY-MM-DD-HH.tsv (id, generated_at,
# received_at, source_id, source_name, source_ip, facility_name, severity_name, program, message), one file per hour.
require "socket"
require "securerandom"

ROOT, PORT, SECONDS, OUT = ARGV[0], Integer(ARGV[1]), Float(ARGV[2]), ARGV[3]
APP = "cindervale"
QUOTA = 512.0
MX = Mutex.new
$id = 1_603_418_775_920_000_000 + rand(10**9)
def row(program, message, severity = "Info")
  now = Time.now.utc
  MX.synchronize do
    $id += rand(3..40)
    gen = now.strftime("%FT%T")
    rec = (now + rand * 0.6).strftime("%FT%TZ")
    File.open(File.join(OUT, "#{now.strftime("%F-%H")}.tsv"), "a") do |f|
      f.write [$id, gen, rec, 7_310_482, APP, "54.87.211.19", "Local7", severity, program, message].join("\t") + "\n"
    end
  end
end

dynos = {}
{ "web.1" => "web.rb", "web.2" => "web.rb", "worker.1" => "worker.rb" }.each_with_index do |(name, script), i|
  port = name.start_with?("web") ? PORT + 1 + i : 0
  io = IO.popen({ "PORT" => port.to_s, "DYNO" => name, "RUN_SECONDS" => (SECONDS + 3).to_s }, ["ruby", File.join(ROOT, script)], err: [:child, :out])
  uuid = SecureRandom.uuid
  dynos[name] = { io: io, pid: io.pid, port: port, uuid: uuid }
  row("heroku/#{name}", "Starting process with command `#{script == "web.rb" ? "bundle exec puma -C config/puma.rb" : "bundle exec sidekiq -C config/sidekiq.yml"}`")
  Thread.new do
    io.each_line { |l| row("app/#{name}", l.chomp) }
  end
end
webs = dynos.select { |n, _| n.start_with?("web") }.to_a

def mem_of(pid)
  s = File.read("/proc/#{pid}/status")
  rss = s[/^VmRSS:\s+(\d+)/, 1].to_f / 1024
  swap = s[/^VmSwap:\s+(\d+)/, 1].to_f / 1024
  [rss, swap]
rescue StandardError
  [0.0, 0.0]
end

dynos.each_with_index do |(name, d), i|
  Thread.new do
    sleep 4 + i * 3.1
    pgin = 20_000 + rand(5000); pgout = 2_000 + rand(500)
    loop do
      rss, swap = mem_of(d[:pid])
      cache = 6.0 + rand * 2
      total = rss + cache + swap
      pgin += (rss * 40).to_i; pgout += (rss * 12).to_i
      row("heroku/#{name}", format("source=%s dyno=heroku.218743091.%s sample#load_avg_1m=%.2f sample#load_avg_5m=%.2f sample#load_avg_15m=%.2f", name, d[:uuid], rand * 0.4, rand * 0.3, rand * 0.2))
      row("heroku/#{name}", format("source=%s dyno=heroku.218743091.%s sample#memory_total=%.2fMB sample#memory_rss=%.2fMB sample#memory_cache=%.2fMB sample#memory_swap=%.2fMB sample#memory_pgpgin=%dpages sample#memory_pgpgout=%dpages sample#memory_quota=%.2fMB",
                                   name, d[:uuid], total, rss, cache, swap, pgin, pgout, QUOTA))
      if total > QUOTA
        row("heroku/#{name}", format("Process running mem=%dM(%.1f%%)", total.round, total / QUOTA * 100))
        row("heroku/#{name}", "Error R14 (Memory quota exceeded)")
      end
      sleep 19.5 + rand
    end
  end
end

server = TCPServer.new("127.0.0.1", PORT)
deadline = Time.now + SECONDS + 2
Thread.new { sleep 0.1 until Time.now > deadline; server.close rescue nil }
loop do
  c = server.accept rescue break
  Thread.new(c) do |cl|
    line = cl.gets.to_s
    hdr = []
    while (l = cl.gets) && l != "\r\n"
      hdr << l
    end
    meth, path, = line.split(" ")
    next cl.close if meth.nil?
    rid = hdr.find { |h| h =~ /^x-request-id:/i }.to_s.split(": ", 2)[1].to_s.strip
    fwd = hdr.find { |h| h =~ /^x-forwarded-for:/i }.to_s.split(": ", 2)[1].to_s.strip
    name, d = webs.sample
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    up = TCPSocket.new("127.0.0.1", d[:port])
    t1 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    up.write(line + hdr.join + "\r\n")
    resp = up.read; up.close
    t2 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    cl.write resp; cl.close
    status = resp[/\AHTTP\/1\.1 (\d+)/, 1]
    row("heroku/router", format('at=info method=%s path="%s" host=%s.herokuapp.com request_id=%s fwd="%s" dyno=%s connect=%dms service=%dms status=%s bytes=%d protocol=https',
                                meth, path, APP, rid, fwd, name, ((t1 - t0) * 1000).round, ((t2 - t1) * 1000).round, status, resp.bytesize))
  rescue StandardError => e
    warn "router: #{e.class} #{e.message}"
  end
end
sleep 3
dynos.each do |name, d|
  row("heroku/#{name}", "Stopping all processes with SIGTERM")
  Process.kill("TERM", d[:pid]) rescue nil
  Process.wait(d[:pid]) rescue nil
  row("heroku/#{name}", "Process exited with status 143")
end
