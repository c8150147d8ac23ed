"""Heroku-style platform emulator for fennick: runs the Procfile's dynos as real processes, routes HTTP
round-robin to the web dynos through a real proxy and writes the app's log drain as a Papertrail daily archive
(tab-separated: id, generated_at, received_at, source_id, source_name, source_ip, facility_name, severity_name,
program, message; times UTC): router lines, app lines from the dynos' stdout, log-runtime-metrics every 20 s
per dyno (from /proc), R14 over the quota (checked every second, at most once per 20 s). At CYCLE_AT s web.1 is
cycled (Heroku's daily restart): SIGTERM, a new process, a new dyno id.
usage: herokuish.py APPDIR ARCHIVE ROUTER_PORT SECONDS CYCLE_AT"""
import http.client, os, random, subprocess, sys, threading, time, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

appdir, log_path, router_port, seconds, cycle_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
QUOTA_MB = 512.0
out = open(log_path, "a", buffering=1)
lock = threading.Lock()
rnd = random.Random(3011)
dynos = {}
seq = [1706880000000000000 + rnd.randint(0, 10**12)]
procfile = dict(l.split(": ", 1) for l in open(os.path.join(appdir, "Procfile")).read().splitlines() if l)


def emit(program, msg, severity="Info", facility="Local7"):
    now = datetime.now(timezone.utc)
    gen = now.strftime("%Y-%m-%d %H:%M:%S")
    recv = datetime.fromtimestamp(now.timestamp() + rnd.random() * 0.9, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    with lock:
        seq[0] += rnd.randint(1, 9) * 1000
        out.write(f"{seq[0]}\t{gen}\t{recv}\t4129873510\tfennick-api\t54.86.{rnd.randint(2, 250)}.{rnd.randint(2, 250)}"
                  f"\t{facility}\t{severity}\t{program}\t{msg}\n")


def start(name):
    cmd = procfile[name.split(".")[0]]
    port = router_port + int(name.split(".")[1]) if name.startswith("web.") else None
    env = dict(os.environ, DYNO=name, PYTHONUNBUFFERED="1")
    if port: env["PORT"] = str(port)
    emit(f"heroku/{name}", f"Starting process with command `{cmd}`", "Notice")
    p = subprocess.Popen(["/usr/bin/" + cmd.split()[0]] + cmd.split()[1:], cwd=appdir, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    dynos[name] = {"proc": p, "port": port, "r14": 0.0, "id": str(uuid.UUID(int=rnd.getrandbits(128)))}
    threading.Thread(target=pump, args=(name, p), daemon=True).start()
    if port:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1); c.request("GET", "/health"); c.getresponse().read(); break
            except OSError: time.sleep(0.1)
    emit(f"heroku/{name}", "State changed from starting to up", "Notice")


def stop(name):
    d = dynos[name]
    emit(f"heroku/{name}", "Stopping all processes with SIGTERM", "Notice")
    d["proc"].send_signal(15)
    code = d["proc"].wait()
    emit(f"heroku/{name}", f"Process exited with status {0 if code == 0 else (143 if code == -15 else code)}", "Notice")


def pump(name, p):
    for line in p.stdout:
        emit(f"app/{name}", line.rstrip("\n"))


def mem(pid):
    st = {}
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            k, _, v = l.partition(":"); st[k] = v.strip()
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(st["VmRSS"].split()[0]) / 1024, int(fields[7])


def watch(name, offset):
    time.sleep(offset)
    next_metrics = time.monotonic()
    while True:
        d = dynos[name]
        if d["proc"].poll() is not None:
            time.sleep(1); continue
        try: rss, minflt = mem(d["proc"].pid)
        except (OSError, KeyError): time.sleep(1); continue
        now = time.monotonic()
        if now >= next_metrics:
            load = os.getloadavg()
            emit(f"heroku/{name}", f"source={name} dyno=heroku.184203311.{d['id']} sample#load_avg_1m={load[0]:.2f} "
                 f"sample#load_avg_5m={load[1]:.2f} sample#load_avg_15m={load[2]:.2f}")
            emit(f"heroku/{name}", f"source={name} dyno=heroku.184203311.{d['id']} sample#memory_total={rss:.2f}MB "
                 f"sample#memory_rss={rss:.2f}MB sample#memory_cache=0.00MB sample#memory_swap=0.00MB "
                 f"sample#memory_pgpgin={minflt}pages sample#memory_pgpgout={max(0, minflt - int(rss * 256))}pages "
                 f"sample#memory_quota={QUOTA_MB:.2f}MB")
            next_metrics += 20
        if rss > QUOTA_MB and now - d["r14"] >= 20:
            d["r14"] = now
            emit(f"heroku/{name}", f"Process running mem={rss:.0f}M({100 * rss / QUOTA_MB:.1f}%)", "Error")
            emit(f"heroku/{name}", "Error R14 (Memory quota exceeded)", "Error")
        time.sleep(1)


rr = [0]


class Router(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a): pass

    def route(self, method):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))) if method == "POST" else None
        webs = sorted(n for n in dynos if n.startswith("web."))
        name = webs[rr[0] % len(webs)]; rr[0] += 1
        rid = str(uuid.UUID(int=rnd.getrandbits(128))); t0 = time.monotonic()
        c = http.client.HTTPConnection("127.0.0.1", dynos[name]["port"], timeout=60)
        hdr = {"X-Request-Id": rid}
        if body is not None: hdr["Content-Type"] = self.headers.get("Content-Type", "application/json")
        try:
            c.request(method, self.path, body=body, headers=hdr)
            t1 = time.monotonic()
            r = c.getresponse(); data = r.read(); c.close()
        except OSError:
            self.send_response(503); self.send_header("Content-Length", "0"); self.end_headers()
            emit("heroku/router", f'at=error code=H13 desc="Connection closed without response" method={method} '
                 f'path="{self.path}" host=fennick-api.herokuapp.com request_id={rid} fwd="198.51.100.{rnd.randint(2, 250)}" '
                 f'dyno={name} connect=0ms service={int((time.monotonic() - t0) * 1000)}ms status=503 bytes=0 protocol=https', "Error")
            return
        self.send_response(r.status); self.send_header("Content-Type", r.getheader("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
        emit("heroku/router", f'at=info method={method} path="{self.path}" host=fennick-api.herokuapp.com request_id={rid} '
             f'fwd="198.51.100.{rnd.randint(2, 250)}" dyno={name} connect={int((t1 - t0) * 1000)}ms '
             f'service={int((time.monotonic() - t1) * 1000)}ms status={r.status} bytes={len(data) + 200} protocol=https')

    def do_GET(self): self.route("GET")
    def do_POST(self): self.route("POST")


for name in ("web.1", "web.2", "worker.1"):
    start(name)
for name, off in (("web.1", 3.0), ("web.2", 9.0), ("worker.1", 15.0)):
    threading.Thread(target=watch, args=(name, off), daemon=True).start()
srv = ThreadingHTTPServer(("127.0.0.1", router_port), Router)
srv.daemon_threads = True
threading.Thread(target=srv.serve_forever, daemon=True).start()
print("router up", flush=True)
t0 = time.monotonic()
time.sleep(cycle_at)
emit("heroku/web.1", "Cycling", "Notice")
emit("heroku/web.1", "State changed from up to starting", "Notice")
stop("web.1")
start("web.1")
time.sleep(max(0, seconds - (time.monotonic() - t0)))
for name in dynos:
    stop(name)
srv.shutdown()
