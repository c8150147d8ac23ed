"""Heroku-style platform emulator: runs the Procfile's dynos as real processes, routes HTTP round-robin to the web
dynos through a real proxy, and writes what `heroku logs --tail` prints: router lines, app lines from the dynos'
stdout, runtime metrics every 20 s per dyno (log-runtime-metrics, from /proc) and R14 when a dyno's memory is over
its quota (checked every second, reported at most once per 20 s).
usage: herokuish.py APPDIR LOGFILE ROUTER_PORT SECONDS"""
import http.client, os, random, subprocess, sys, threading, time, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

appdir, log_path, router_port, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
QUOTA_MB = 512.0
out = open(log_path, "a", buffering=1)
lock = threading.Lock()
rnd = random.Random(2907)
dynos = {}


def emit(source, msg):
    ts = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    with lock:
        out.write(f"{ts} {source}: {msg}\n")


def start(name, cmd, port=None):
    env = dict(os.environ, DYNO=name, NODE_ENV="production")
    if port: env["PORT"] = str(port)
    emit(f"heroku[{name}]", f"Starting process with command `{cmd}`")
    p = subprocess.Popen(cmd.split(), cwd=appdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    dynos[name] = {"proc": p, "port": port, "r14": 0.0,
                   "id": f"heroku.{rnd.randint(10**8, 10**9)}.{uuid.UUID(int=rnd.getrandbits(128))}"}
    threading.Thread(target=pump, args=(name, p), daemon=True).start()
    if port:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health"); break
            except OSError: time.sleep(0.1)
    emit(f"heroku[{name}]", "State changed from starting to up")


def pump(name, p):
    for line in p.stdout:
        emit(f"app[{name}]", line.rstrip("\n"))


def mem(pid):
    st = {}
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            k, _, v = l.partition(":"); st[k] = v.strip()
    rss = int(st["VmRSS"].split()[0]) / 1024
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return rss, int(fields[7]), int(fields[9])


def watch(name, offset):
    time.sleep(offset)
    next_metrics = time.monotonic()
    while True:
        d = dynos[name]
        if d["proc"].poll() is not None: return
        try: rss, minflt, majflt = mem(d["proc"].pid)
        except (OSError, KeyError): return
        now = time.monotonic()
        if now >= next_metrics:
            load = os.getloadavg()
            emit(f"heroku[{name}]", f"source={name} dyno={d['id']} sample#load_avg_1m={load[0]:.2f} "
                 f"sample#load_avg_5m={load[1]:.2f} sample#load_avg_15m={load[2]:.2f}")
            emit(f"heroku[{name}]", f"source={name} dyno={d['id']} sample#memory_total={rss:.2f}MB "
                 f"sample#memory_rss={rss:.2f}MB sample#memory_cache=0.00MB sample#memory_swap=0.00MB "
                 f"sample#memory_pgpgin={minflt}pages sample#memory_pgpgout={max(0, minflt - int(rss * 256))}pages "
                 f"sample#memory_quota={QUOTA_MB:.2f}MB")
            next_metrics += 20
        if rss > QUOTA_MB and now - d["r14"] >= 20:
            d["r14"] = now
            emit(f"heroku[{name}]", f"Process running mem={rss:.0f}M({100 * rss / QUOTA_MB:.1f}%)")
            emit(f"heroku[{name}]", "Error R14 (Memory quota exceeded)")
        time.sleep(1)


rr = [0]


class Router(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a): pass

    def do_GET(self):
        webs = sorted(n for n in dynos if n.startswith("web."))
        name = webs[rr[0] % len(webs)]; rr[0] += 1
        rid = str(uuid.UUID(int=rnd.getrandbits(128))); t0 = time.monotonic()
        c = http.client.HTTPConnection("127.0.0.1", dynos[name]["port"], timeout=60)
        c.request("GET", self.path, headers={"X-Request-Id": rid})
        t1 = time.monotonic()
        r = c.getresponse()
        n = 0
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() in ("content-type", "content-length"): self.send_header(k, v)
        self.end_headers()
        while True:
            chunk = r.read(1 << 20)
            if not chunk: break
            self.wfile.write(chunk); n += len(chunk)
        c.close()
        emit("heroku[router]", f'at=info method=GET path="{self.path}" host=larchgate-api.herokuapp.com request_id={rid} '
             f'fwd="203.0.113.{rnd.randint(2, 250)}" dyno={name} connect={int((t1 - t0) * 1000)}ms '
             f'service={int((time.monotonic() - t1) * 1000)}ms status={r.status} bytes={n} protocol=https')


for i, name in enumerate(("web.1", "web.2")):
    start(name, "node web.js", router_port + 1 + i)
start("worker.1", "node worker.js")
for name, off in (("web.1", 4.0), ("web.2", 11.0), ("worker.1", 17.0)):
    threading.Thread(target=watch, args=(name, off), daemon=True).start()
srv = ThreadingHTTPServer(("127.0.0.1", router_port), Router)
srv.daemon_threads = True
threading.Thread(target=srv.serve_forever, daemon=True).start()
print("router up", flush=True)
time.sleep(seconds)
for name, d in dynos.items():
    emit(f"heroku[{name}]", "Stopping all processes with SIGTERM")
    d["proc"].terminate()
for name, d in dynos.items():
    code = d["proc"].wait()
    emit(f"heroku[{name}]", f"Process exited with status {0 if code in (0, -15) else code}")
srv.shutdown()
