"""A small Heroku-style platform emulator: runs the Procfile's dynos as real processes, routes HTTP to the web
dynos (a real proxy), and writes what a log drain receives (octet-counted RFC 5424 frames): router lines, app
lines from the dynos' stdout/stderr, 20 s runtime metrics per dyno (log-runtime-metrics style, from /proc) and
R14 when a dyno's memory exceeds its quota.
usage: herokuish.py APPDIR DRAIN ROUTER_PORT SECONDS"""
import http.client, os, random, subprocess, sys, threading, time, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

appdir, drain_path, router_port, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
QUOTA_MB = 512.0
drain = open(drain_path, "a", buffering=1)
lock = threading.Lock()
rnd = random.Random(2812)


def emit(app, proc, msg, pri=190):
    ts = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    frame = f"<{pri}>1 {ts} host {app} {proc} - {msg}"
    with lock:
        drain.write(f"{len(frame.encode())} {frame}\n")


dynos = {}


def start(name, cmd, port=None):
    env = dict(os.environ, DYNO=name, PYTHONUNBUFFERED="1")
    if port: env["PORT"] = str(port)
    emit("heroku", name, f"Starting process with command `{cmd}`", 133)
    p = subprocess.Popen(cmd.split(), cwd=appdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    dynos[name] = {"proc": p, "port": port, "id": f"heroku.{rnd.randint(10**7, 10**8)}.{uuid.UUID(int=rnd.getrandbits(128))}"}
    threading.Thread(target=pump, args=(name, p), daemon=True).start()
    if port:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health"); break
            except OSError: time.sleep(0.1)
    emit("heroku", name, "State changed from starting to up", 133)


def pump(name, p):
    for line in p.stdout:
        line = line.rstrip("\n")
        if '"GET /health' in line: continue
        emit("app", name, line)


def mem(pid):
    st = {}
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            k, _, v = l.partition(":"); st[k] = v.strip()
    rss = int(st["VmRSS"].split()[0]) / 1024; swap = int(st.get("VmSwap", "0 kB").split()[0]) / 1024
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return rss, swap, int(fields[7]), int(fields[9])


def metrics(name, offset):
    time.sleep(offset)
    while True:
        d = dynos[name]
        if d["proc"].poll() is not None: return
        rss, swap, minflt, majflt = mem(d["proc"].pid)
        total = rss + swap
        emit("heroku", name, f"source={name} dyno={d['id']} sample#memory_total={total:.2f}MB sample#memory_rss={rss:.2f}MB "
             f"sample#memory_cache=0.00MB sample#memory_swap={swap:.2f}MB sample#memory_pgpgin={minflt}pages "
             f"sample#memory_pgpgout={max(0, minflt - int(rss * 256))}pages sample#memory_quota={QUOTA_MB:.2f}MB", 134)
        if total > QUOTA_MB:
            emit("heroku", name, f"Process running mem={total:.0f}M({100 * total / QUOTA_MB:.1f}%)", 134)
            emit("heroku", name, "Error R14 (Memory quota exceeded)", 134)
        time.sleep(20)


rr = [0]


class Router(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a): pass

    def do_GET(self):
        webs = sorted(n for n in dynos if n.startswith("web."))
        name = webs[rr[0] % len(webs)]; rr[0] += 1
        rid = str(uuid.uuid4()); t0 = time.monotonic()
        c = http.client.HTTPConnection("127.0.0.1", dynos[name]["port"], timeout=60)
        c.request("GET", self.path, headers={"X-Request-Id": rid})
        t1 = time.monotonic()
        r = c.getresponse()
        body_len = 0
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() in ("content-type", "content-length"): self.send_header(k, v)
        self.end_headers()
        while True:
            chunk = r.read(262144)
            if not chunk: break
            self.wfile.write(chunk); body_len += len(chunk)
        c.close()
        svc = (time.monotonic() - t1) * 1000
        fwd = f"198.51.100.{rnd.randint(2, 250)}"
        emit("heroku", "router", f'at=info method=GET path="{self.path}" host=gullmere-api.herokuapp.com request_id={rid} '
             f'fwd="{fwd}" dyno={name} connect={int((t1 - t0) * 1000)}ms service={int(svc)}ms status={r.status} '
             f'bytes={body_len} protocol=https', 158)


emit("app", "api", "Release v212 created by deploy@gullmere.example", 134)
emit("app", "api", "Deploy 7c41e9a by deploy@gullmere.example", 134)
for i, name in enumerate(("web.1", "web.2")):
    start(name, "python web.py", router_port + 1 + i)
start("worker.1", "python worker.py")
for name, off in (("web.1", 2.0), ("web.2", 9.0), ("worker.1", 15.0)):
    threading.Thread(target=metrics, args=(name, off), daemon=True).start()
srv = ThreadingHTTPServer(("127.0.0.1", router_port), Router)
srv.daemon_threads = True
threading.Thread(target=srv.serve_forever, daemon=True).start()
print("router up", flush=True)
time.sleep(seconds)
for name, d in dynos.items():
    emit("heroku", name, "Stopping all processes with SIGTERM", 133)
    d["proc"].terminate()
for name, d in dynos.items():
    code = d["proc"].wait()
    emit("heroku", name, f"Process exited with status {0 if code in (0, -15) else code}", 133)
srv.shutdown()
