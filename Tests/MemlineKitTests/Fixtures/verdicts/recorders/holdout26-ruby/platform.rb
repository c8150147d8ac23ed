# Platform stand-in for quenby (one web dyno): ruby platform.rb DRAIN PORT CONTROL_DIR
# Runs `puma -C config/puma.rb` from /srv/quenby as web.1 and writes what `heroku logs --tail` shows into DRAIN:
# the app's stdout as app[web.1] lines, the dyno manager's lines (state changes, SIGTERM, exit status) as
# heroku[web.1], and log-runtime-metrics samples every 20 s from the dyno's start, read from /proc/PID/status and
# /proc/PID/stat of the running puma. CONTROL_DIR/release ("VERSION SHA USER") makes a release: app[api] lines, then
# a dyno restart with a new process; CONTROL_DIR/stop ends the run (the on-call's tail stops, no further lines).
require "securerandom"
require "time"

drain_path, port, control = ARGV[0], ARGV[1], ARGV[2]
$drain = File.open(drain_path, "a").tap { |f| f.sync = true }
$lock = Mutex.new
def emit(src, msg) = $lock.synchronize { $drain.puts("#{Time.now.utc.iso8601(6)} #{src}: #{msg}") }

def start_dyno(port)
  r, w = IO.pipe
  pid = Process.spawn({ "PORT" => port, "RACK_ENV" => "production", "RAILS_LOG_TO_STDOUT" => "enabled", "MALLOC_ARENA_MAX" => "2" },
                      "puma", "-C", "config/puma.rb", chdir: "/srv/quenby", out: w, err: w, unsetenv_others: false)
  w.close
  reader = Thread.new { r.each_line { |l| emit("app[web.1]", l.chomp) } }
  dyno = "heroku.284619530.#{SecureRandom.uuid}"
  metrics = Thread.new do
    loop do
      sleep 20
      st = File.read("/proc/#{pid}/status") rescue break
      stat = File.read("/proc/#{pid}/stat").split(") ").last.split
      anon = st[/RssAnon:\s+(\d+)/, 1].to_i / 1024.0
      file = (st[/RssFile:\s+(\d+)/, 1].to_i + st[/RssShmem:\s+(\d+)/, 1].to_i) / 1024.0
      swap = st[/VmSwap:\s+(\d+)/, 1].to_i / 1024.0
      minflt, majflt = stat[7].to_i, stat[9].to_i
      emit("heroku[web.1]", format("source=web.1 dyno=%s sample#memory_total=%.2fMB sample#memory_rss=%.2fMB sample#memory_cache=%.2fMB sample#memory_swap=%.2fMB sample#memory_pgpgin=%dpages sample#memory_pgpgout=%dpages sample#memory_quota=512.00MB",
                                   dyno, anon + file + swap, anon, file, swap, minflt + majflt, [minflt - (anon * 256).round, 0].max))
      load1, load5, load15 = File.read("/proc/loadavg").split.map(&:to_f)
      emit("heroku[web.1]", format("source=web.1 dyno=%s sample#load_avg_1m=%.2f sample#load_avg_5m=%.2f sample#load_avg_15m=%.2f", dyno, load1, load5, load15))
    end
  end
  [pid, reader, metrics]
end

def stop_dyno(pid, reader, metrics)
  metrics.kill
  emit("heroku[web.1]", "Stopping all processes with SIGTERM")
  Process.kill("TERM", pid)
  _, st = Process.wait2(pid)
  reader.join(2)
  emit("heroku[web.1]", "Process exited with status #{st.exitstatus || 128 + st.termsig.to_i}")
end

def wait_up(port)
  300.times do
    begin
      TCPSocket.new("127.0.0.1", port.to_i).close
      return true
    rescue StandardError
      sleep 0.1
    end
  end
  false
end

require "socket"
emit("heroku[web.1]", "Starting process with command `bundle exec puma -C config/puma.rb`")
dyno = start_dyno(port)
emit("heroku[web.1]", "State changed from starting to up") if wait_up(port)
File.write("#{control}/pid", dyno[0].to_s)
loop do
  if File.exist?("#{control}/release")
    version, sha, user = File.read("#{control}/release").split
    File.delete("#{control}/release")
    emit("app[api]", "Deploy #{sha} by #{user}")
    emit("app[api]", "Release #{version} created by #{user}")
    emit("heroku[web.1]", "Restarting")
    emit("heroku[web.1]", "State changed from up to starting")
    stop_dyno(*dyno)
    emit("heroku[web.1]", "Starting process with command `bundle exec puma -C config/puma.rb`")
    dyno = start_dyno(port)
    emit("heroku[web.1]", "State changed from starting to up") if wait_up(port)
    File.write("#{control}/pid", dyno[0].to_s)
  end
  if File.exist?("#{control}/stop")
    dyno[2].kill
    $lock.synchronize { $drain.close; $drain = File.open(File::NULL, "w") } # the on-call's tail ends here
    Process.kill("TERM", dyno[0])
    Process.wait(dyno[0])
    break
  end
  sleep 0.2
end
