#!/usr/bin/env python3
"""A Heroku-style platform for the h23 kestrelby control: dyno manager, router, runtime metrics and the
`heroku logs --tail` output, in one process.

    python3 dynoplat.py SECONDS DEPLOY_AT WORKDIR OUT_FILE

Two web dynos (web.1, web.2), each a real process running web.py on its own loopback port. Each line a dyno
prints is stamped on arrival and becomes `app[web.N]`; the platform writes `heroku[web.N]`, the router
`heroku[router]`, the release API `app[api]`.
Router: Poisson RATE requests/s over an endpoint mix, round-robin-random over the dynos that are up, real TCP; its
`at=info` line is written when the response is complete.
Runtime metrics every 20 s per dyno (log-runtime-metrics layout): from /proc/PID/status of the dyno's process
tree, memory_rss = RssAnon, memory_cache = RssFile + RssShmem, memory_swap = VmSwap, memory_total their sum,
quota 512 MB (R14 over it, R15 + kill over twice).
At DEPLOY_AT s a release is created (v143, build + deploy lines) and the dynos restart one after the other
(SIGTERM, exit 143, a fresh process with RELEASE=v143).
"""
import http.client
import math
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

SECONDS, DEPLOY_AT, WORK, OUT = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
HERE = os.path.dirname(os.path.abspath(__file__))
HOST, APP_ID, QUOTA = "kestrelby-survey.herokuapp.com", 58_203_117, 512.0
RATE = float(os.environ.get("RATE", "22"))
START = time.time()
END = START + SECONDS
lines, lock = [], threading.Lock()


def emit(source, text):
    t = time.time()
    with lock:
        lines.append((t, len(lines), source, text))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DYNOS = {n: {"port": free_port(), "state": "down"} for n in ("web.1", "web.2")}


def boot(name, release):
    d = DYNOS[name]
    emit(f"heroku[{name}]", "Starting process with command `python web.py`")
    env = dict(os.environ, PORT=str(d["port"]), RELEASE=release, DYNO=name, PYTHONUNBUFFERED="1")
    d["proc"] = subprocess.Popen([sys.executable, os.path.join(HERE, "web.py")], cwd=WORK, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    d["id"] = str(uuid.uuid4())

    def pump(proc=d["proc"]):
        for raw in proc.stdout:
            emit(f"app[{name}]", raw.decode(errors="replace").rstrip("\n"))
    d["pump"] = threading.Thread(target=pump, daemon=True)
    d["pump"].start()
    while True:
        try:
            socket.create_connection(("127.0.0.1", d["port"]), 0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    d["state"] = "up"
    emit(f"heroku[{name}]", "State changed from starting to up")


def restart(name, release):
    d = DYNOS[name]
    emit(f"heroku[{name}]", "Restarting")
    emit(f"heroku[{name}]", "State changed from up to starting")
    d["state"] = "starting"
    emit(f"heroku[{name}]", "Stopping all processes with SIGTERM")
    d["proc"].terminate()
    rc = d["proc"].wait()
    d["pump"].join(3)
    emit(f"heroku[{name}]", f"Process exited with status {128 - rc if rc < 0 else rc}")
    boot(name, release)


MIX = [(700, lambda: f"/checklists/{random.randint(1, 60000)}"),
       (200, lambda: "/species?q=" + random.choice(["wren", "kite", "tern", "plover", "shrike"])),
       (15, lambda: "/exports/sightings.csv"),
       (85, lambda: "/healthz")]


def forward(path):
    ups = [n for n, d in DYNOS.items() if d["state"] == "up"]
    if not ups:
        return
    name = random.choice(ups)
    rid, ip = str(uuid.uuid4()), f"{random.choice(['198.51.100', '203.0.113'])}.{random.randint(1, 254)}"
    t0 = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", DYNOS[name]["port"], timeout=30)
        c.connect()
        t1 = time.monotonic()
        c.request("GET", path, headers={"Host": HOST, "X-Request-Id": rid, "X-Forwarded-For": ip})
        r = c.getresponse()
        body = r.read()
        c.close()
        t2 = time.monotonic()
        emit("heroku[router]", f'at=info method=GET path="{path}" host={HOST} request_id={rid} fwd="{ip}" '
             f"dyno={name} connect={round((t1 - t0) * 1000)}ms service={round((t2 - t1) * 1000)}ms "
             f"status={r.status} bytes={len(body) + 120} protocol=https")
    except OSError:
        emit("heroku[router]", f'at=error code=H13 desc="Connection closed without response" method=GET '
             f'path="{path}" host={HOST} request_id={rid} fwd="{ip}" dyno={name} connect=0ms service=0ms '
             f"status=503 bytes=0 protocol=https")


def router():
    total = sum(m[0] for m in MIX)
    while time.time() < END - 0.5:
        r = random.randrange(total)
        for share, make in MIX:
            r -= share
            if r < 0:
                threading.Thread(target=forward, args=(make(),), daemon=True).start()
                break
        time.sleep(-math.log(1 - random.random()) / RATE)


def tree(pid):
    kids = {}
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{p}/stat") as f:
                kids.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(p))
        except (OSError, IndexError, ValueError):
            pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def measure(pid):
    m = dict.fromkeys(["RssAnon", "RssFile", "RssShmem", "VmSwap"], 0)
    pg = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k in m:
                        m[k] += int(v.split()[0])
            with open(f"/proc/{p}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()
            pg += int(st[7]) + int(st[9])
        except (OSError, ValueError, IndexError):
            pass
    return m, pg


def metrics(name, phase):
    n = 0
    while True:
        at = START + phase + 20 * n
        n += 1
        if at > END:
            return
        time.sleep(max(at - time.time(), 0))
        d = DYNOS[name]
        if d["state"] != "up":
            continue
        m, pg = measure(d["proc"].pid)
        with open("/proc/loadavg") as f:
            la = f.read().split()[:3]
        src = f"source={name} dyno=heroku.{APP_ID}.{d['id']}"
        emit(f"heroku[{name}]", f"{src} sample#load_avg_1m={la[0]} sample#load_avg_5m={la[1]} "
             f"sample#load_avg_15m={la[2]}")
        rss, cache, swap = m["RssAnon"] / 1024, (m["RssFile"] + m["RssShmem"]) / 1024, m["VmSwap"] / 1024
        total = rss + cache + swap
        emit(f"heroku[{name}]", f"{src} sample#memory_total={total:.2f}MB sample#memory_rss={rss:.2f}MB "
             f"sample#memory_cache={cache:.2f}MB sample#memory_swap={swap:.2f}MB sample#memory_pgpgin={pg}pages "
             f"sample#memory_pgpgout={max(pg - int(rss * 256), 0)}pages sample#memory_quota={QUOTA:.2f}MB")
        if total > QUOTA:
            emit(f"heroku[{name}]", f"Process running mem={round(total)}M({total / QUOTA * 100:.1f}%)")
            emit(f"heroku[{name}]", "Error R14 (Memory quota exceeded)")


def deploy():
    time.sleep(max(START + DEPLOY_AT - time.time(), 0))
    emit("app[api]", "Build started by user mirela@kestrelby.example")
    time.sleep(1.5)
    emit("app[api]", "Build succeeded")
    emit("app[api]", "Deploy 9c4e2d1 by user mirela@kestrelby.example")
    emit("app[api]", "Release v143 created by user mirela@kestrelby.example")
    for name in DYNOS:
        restart(name, "v143")
        time.sleep(3)


for name in DYNOS:
    threading.Thread(target=boot, args=(name, "v142")).start()
    time.sleep(0.5)
while any(d["state"] != "up" for d in DYNOS.values()):
    time.sleep(0.1)
ts = [threading.Thread(target=router), threading.Thread(target=deploy)]
ts += [threading.Thread(target=metrics, args=(n, ph)) for n, ph in zip(DYNOS, (6.2, 13.7))]
for t in ts:
    t.start()
for t in ts:
    t.join()
time.sleep(1)
cut = time.time()
for d in DYNOS.values():
    d["proc"].terminate()
for d in DYNOS.values():
    d["proc"].wait()
with lock, open(OUT, "w") as f:
    for t, _, source, text in sorted(lines):
        if t <= cut:
            stamp = datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
            f.write(f"{stamp} {source}: {text}\n")
print("lines", len(lines), "pids", {n: d["proc"].pid for n, d in DYNOS.items()}, file=sys.stderr)
