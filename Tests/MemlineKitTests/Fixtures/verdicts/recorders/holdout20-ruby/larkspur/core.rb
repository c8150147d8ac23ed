# Passenger stand-in for the larkspur incident: ruby core.rb ROOT PORT SECONDS
# "Passenger core" (this process) accepts HTTP, keeps a pool of 3 "Passenger RubyApp" processes forked by a
# "Passenger AppPreloader" (smart spawning), one request at a time each (Passenger's Ruby concurrency 1), and recycles a
# process after PassengerMaxRequests (45) requests. It writes the lines Passenger 6.0.17 writes at PassengerLogLevel 5
# for spawning, attaching and detaching (a subset of a debug log: the rest of its chatter is left out).
require "socket"
require "json"

ROOT, PORT, SECONDS = ARGV[0], Integer(ARGV[1]), Float(ARGV[2])
MAX_REQUESTS = 45
POOL = 3
GROUP = "#{ROOT} (production)"
$0 = "Passenger core"
LOG = File.open(File.join(ROOT, "log/passenger.log"), "a"); LOG.sync = true
LOGMX = Mutex.new
def plog(level, tid, src, msg)
  t = Time.now.utc
  LOGMX.synchronize { LOG.puts "[ #{level} #{t.strftime("%F %T")}.#{format("%04d", t.usec / 100)} #{Process.pid}/#{tid} #{src} ]: #{msg}" }
end

plog "N", "T1", "age/Cor/CoreMain.cpp:1340", "Starting Passenger core..."
plog "N", "T1", "age/Cor/CoreMain.cpp:1015", "Passenger core online, PID #{Process.pid}"

# The preloader: loads the app once, forks app processes on request; each gets one end of a socketpair.
ctl_core, ctl_pre = UNIXSocket.pair
pre_pid = fork do
  ctl_core.close
  $0 = "Passenger AppPreloader: #{ROOT}"
  require File.join(ROOT, "app.rb")
  loop do
    line = ctl_pre.gets or exit!(0)
    a, b = UNIXSocket.pair
    pid = fork do
      a.close; ctl_pre.close
      $0 = "Passenger RubyApp: #{GROUP}"
      b.puts Process.pid
      Larkspur.serve(b)
      exit!(0)
    end
    b.close
    ctl_pre.send_io a
    a.close
  end
end
ctl_pre.close
plog "D", "Tf", "age/Cor/Spa/SmartSpawner.h:314", "Spawning new preloader: appRoot=#{ROOT}"
PRE_MX = Mutex.new

Proc_ = Struct.new(:pid, :sock, :served)
def spawn_process(tid)
  plog "D", tid, "age/Cor/Spa/SmartSpawner.h:1271", "Spawning new process: appRoot=#{ROOT}"
  pr = PRE_MX.synchronize do
    $ctl.puts "spawn"
    s = $ctl.recv_io(UNIXSocket)
    Proc_.new(Integer(s.gets), s, 0)
  end
  $count_mx.synchronize { $count += 1; plog "D", tid, "age/Cor/App/Gro/ProcessListManagement.cpp:425", "Attaching process (pid=#{pr.pid}, group=#{GROUP})"
    plog "D", tid, "age/Cor/App/Gro/SpawningAndRestarting.cpp:168", "New process count = #{$count}, remaining get waiters = 0" }
  pr
end
$ctl = ctl_core
$count = 0; $count_mx = Mutex.new
IDLE = Queue.new
POOL.times { IDLE << spawn_process("Tf") }

def detach(pr, tid)
  plog "D", tid, "age/Cor/App/Gro/ProcessListManagement.cpp:483", "Detaching process (pid=#{pr.pid}, group=#{GROUP})"
  plog "N", tid, "age/Cor/CoreMain.cpp:1146", "Checking whether to disconnect long-running connections for process #{pr.pid}, application #{GROUP}"
  $count_mx.synchronize { $count -= 1 }
  pr.sock.puts "exit" rescue nil
  pr.sock.close rescue nil
  Process.wait(pr.pid) rescue nil
  plog "D", tid, "age/Cor/App/Poo/ProcessUtils.cpp:177", "Group #{GROUP} requests more processes to be spawned"
  plog "D", tid, "age/Cor/App/Gro/SpawningAndRestarting.cpp:436", "Requested spawning of new process for group #{GROUP}"
end

server = TCPServer.new("127.0.0.1", PORT)
deadline = Time.now + SECONDS + 5
nthr = 0
Thread.new { sleep 0.1 until Time.now > deadline; server.close rescue nil }
loop do
  c = server.accept rescue break
  nthr += 1
  tid = "T#{(nthr % 4 + 8).to_s(16)}"
  Thread.new(c, tid) do |cl, t|
    line = cl.gets.to_s
    hdr = {}
    while (l = cl.gets) && l != "\r\n"
      k, v = l.split(": ", 2); hdr[k.downcase] = v.to_s.strip
    end
    meth, path, = line.split(" ")
    next cl.close if meth.nil?
    pr = IDLE.pop
    pr.sock.puts JSON.generate({ "m" => meth, "p" => path, "ip" => hdr["x-forwarded-for"], "rid" => hdr["x-request-id"] })
    res = JSON.parse(pr.sock.gets)
    pr.served += 1
    body = res["b"].to_s
    cl.write "HTTP/1.1 #{res["s"]} OK\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}"
    cl.close
    if pr.served >= MAX_REQUESTS
      detach(pr, t)
      IDLE << spawn_process(t)
    else
      IDLE << pr
    end
  rescue StandardError => e
    warn "core: #{e.class} #{e.message}"
  end
end
sleep 1
POOL.times { pr = IDLE.pop; detach(pr, "T1") }
Process.kill("TERM", pre_pid) rescue nil
plog "N", "T1", "age/Cor/CoreMain.cpp:1325", "Passenger core shutdown finished"
