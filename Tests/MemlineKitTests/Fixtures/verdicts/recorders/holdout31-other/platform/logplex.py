"""Heroku-style platform emulator for ottermere: runs the Procfile's dynos as real Node 20 processes, routes HTTP
to the web dynos (random, as Heroku's router does) through a real proxy and writes what the app's HTTPS log drain
received, one octet-counted RFC 5424 frame per line as the drain endpoint saved them ("<len> <pri>1 <time> host
<app|heroku> <proc> - <msg>", UTC): router lines, app lines from the dynos' stdout, api lines for releases,
log-runtime-metrics every 20 s per dyno (from /proc), R14 over the quota (checked every second, at most once per 20 s).
At start: the v87 deploy (code) boots the formation. At CONFIG_AT s: `heroku config:set PDF_RENDERER=inline`
(release v88): every dyno restarts with the new env.
usage: logplex.py APPDIR DRAIN ROUTER_PORT SECONDS CONFIG_AT"""
import http.client, os, random, subprocess, sys, threading, time, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

appdir, drain_path, router_port, seconds, config_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
QUOTA_MB = 512.0
out = open(drain_path, "a", buffering=1)
lock = threading.Lock()
rnd = random.Random(3187)
dynos = {}
env_vars = {"PDF_RENDERER": "service", "NODE_ENV": "production"}
procfile = dict(l.split(": ", 1) for l in open(os.path.join(appdir, "Procfile")).read().splitlines() if l)


def emit(app, proc, msg, pri=190):
    ts = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    frame = f"<{pri}>1 {ts} host {app} {proc} - {msg}"
    with lock:
        out.write(f"{len(frame.encode())} {frame}\n")


def start(name):
    cmd = procfile[name.split(".")[0]]
    port = router_port + int(name.split(".")[1]) if name.startswith("web.") else None
    env = dict(os.environ, DYNO=name, **env_vars)
    if port: env["PORT"] = str(port)
    emit("heroku", name, f"Starting process with command `{cmd}`", 45)
    p = subprocess.Popen(["/usr/bin/" + cmd.split()[0]] + cmd.split()[1:], cwd=appdir, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    dynos[name] = {"proc": p, "port": port, "r14": 0.0, "id": str(uuid.UUID(int=rnd.getrandbits(128)))}
    threading.Thread(target=pump, args=(name, p), daemon=True).start()
    if port:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1); c.request("GET", "/health"); c.getresponse().read(); break
            except OSError: time.sleep(0.1)
    emit("heroku", name, "State changed from starting to up", 45)


def stop(name):
    d = dynos[name]
    emit("heroku", name, "Stopping all processes with SIGTERM", 45)
    d["proc"].send_signal(15)
    code = d["proc"].wait()
    emit("heroku", name, f"Process exited with status {0 if code == 0 else (143 if code == -15 else code)}", 45)


def pump(name, p):
    for line in p.stdout:
        emit("app", name, line.rstrip("\n"))


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            if l.startswith("VmRSS:"): return int(l.split()[1]) / 1024
    raise KeyError


def watch(name, offset):
    time.sleep(offset)
    next_metrics = time.monotonic()
    while True:
        d = dynos[name]
        if d["proc"].poll() is not None:
            time.sleep(0.5); continue
        try: rss = rss_mb(d["proc"].pid)
        except (OSError, KeyError): time.sleep(0.5); continue
        now = time.monotonic()
        if now >= next_metrics:
            load = os.getloadavg()
            emit("heroku", name, f"source={name} dyno=heroku.271904455.{d['id']} sample#load_avg_1m={load[0]:.2f} "
                 f"sample#load_avg_5m={load[1]:.2f} sample#load_avg_15m={load[2]:.2f}")
            emit("heroku", name, f"source={name} dyno=heroku.271904455.{d['id']} sample#memory_total={rss:.2f}MB "
                 f"sample#memory_rss={rss:.2f}MB sample#memory_cache=0.00MB sample#memory_swap=0.00MB "
                 f"sample#memory_pgpgin={int(rss * 256) + rnd.randint(0, 9000)}pages sample#memory_pgpgout={rnd.randint(0, 9000)}pages "
                 f"sample#memory_quota={QUOTA_MB:.2f}MB")
            next_metrics += 20
        if rss > QUOTA_MB and now - d["r14"] >= 20:
            d["r14"] = now
            emit("heroku", name, f"Process running mem={rss:.0f}M({100 * rss / QUOTA_MB:.1f}%)", 11)
            emit("heroku", name, "Error R14 (Memory quota exceeded)", 11)
        time.sleep(0.25)


class Router(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a): pass

    def do_GET(self):
        webs = sorted(n for n in dynos if n.startswith("web.") and dynos[n]["proc"].poll() is None)
        name = rnd.choice(webs)
        rid = str(uuid.UUID(int=rnd.getrandbits(128))); t0 = time.monotonic()
        try:
            c = http.client.HTTPConnection("127.0.0.1", dynos[name]["port"], timeout=60)
            c.request("GET", self.path, headers={"X-Request-Id": rid})
            t1 = time.monotonic(); r = c.getresponse(); data = r.read(); c.close()
        except OSError:
            self.send_response(503); self.send_header("Content-Length", "0"); self.end_headers()
            emit("heroku", "router", f'at=error code=H13 desc="Connection closed without response" method=GET path="{self.path}" '
                 f'host=ottermere.herokuapp.com request_id={rid} fwd="203.0.113.{rnd.randint(2, 250)}" dyno={name} connect=0ms '
                 f'service={int((time.monotonic() - t0) * 1000)}ms status=503 bytes=0 protocol=https', 158)
            return
        self.send_response(r.status); self.send_header("Content-Type", r.getheader("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
        emit("heroku", "router", f'at=info method=GET path="{self.path}" host=ottermere.herokuapp.com request_id={rid} '
             f'fwd="203.0.113.{rnd.randint(2, 250)}" dyno={name} connect={max(0, int((t1 - t0) * 1000))}ms '
             f'service={int((time.monotonic() - t1) * 1000)}ms status={r.status} bytes={len(data) + 180} protocol=https', 158)


def release(v, what, user):
    emit("app", "api", what, 45)
    emit("app", "api", f"Release v{v} created by user {user}", 45)


emit("app", "api", "Build started by user ci@ottermere.io", 45)
emit("app", "api", "Build succeeded", 45)
release(87, "Deploy 4b1c2e9 by user ci@ottermere.io", "ci@ottermere.io")
for name in ("web.1", "web.2", "worker.1"):
    start(name)
for name, off in (("web.1", 2.0), ("web.2", 8.0), ("worker.1", 14.0)):
    threading.Thread(target=watch, args=(name, off), daemon=True).start()
srv = ThreadingHTTPServer(("127.0.0.1", router_port), Router)
srv.daemon_threads = True
threading.Thread(target=srv.serve_forever, daemon=True).start()
print("router up", flush=True)
t0 = time.monotonic()
time.sleep(config_at)
env_vars["PDF_RENDERER"] = "inline"
release(88, "Set PDF_RENDERER config vars by user m.osei@ottermere.io", "m.osei@ottermere.io")
for name in ("web.1", "web.2", "worker.1"):
    emit("heroku", name, "Restarting", 45)
    emit("heroku", name, "State changed from up to starting", 45)
    stop(name); start(name)
time.sleep(max(0, seconds - (time.monotonic() - t0)))
for name in list(dynos):
    stop(name)
srv.shutdown()
