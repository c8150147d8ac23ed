#!/usr/bin/env python3
"""A Heroku-style platform for the h24 platform incidents: dyno manager, router, release API, runtime metrics and
the log drain, in one process.

    python3 dynos.py SCENARIO.json OUT_FILE

SCENARIO: {"app": name, "host": router host, "dynos": n, "seconds": s, "rate": requests/s, "mix": [[share, method,
path template], ...], "release": "v41", "events": [{"at": s, "do": "import"|"cycle"|"deploy"|"spike", ...}]}.
Each dyno is a real `node web.js` process on its own loopback port; each line it prints is stamped on arrival as
`app[web.N]`; the platform writes `heroku[web.N]`, the router `heroku[router]` (one line per real request, written
when the response is complete), the release API `app[api]`. Runtime metrics every 20 s per dyno (log-runtime-
metrics layout) from /proc/PID/status: memory_rss = RssAnon, memory_cache = RssFile + RssShmem, memory_swap =
VmSwap, memory_total their sum, quota 512 MB (R14 over it, R15 and a kill over twice). Path templates: {id} a
number in SC["ids"] (default 1000-99999), {lane} a lane code, {q} a search word. "import" events send POST /manifests/import for a partner whose session the router
pins to one dyno (session affinity); "cycle" restarts one dyno (the daily restart); "deploy" creates a release and
restarts every dyno; "spike" multiplies the rate for a while.
"""
import http.client
import json
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

SC = json.load(open(sys.argv[1]))
OUT = sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
HOST, APP_ID, QUOTA = SC["host"], SC.get("app_id", 73_551_208), 512.0
START = time.time()
END = START + SC["seconds"]
lines, lock = [], threading.Lock()
rate_factor = [1.0]
release = [SC["release"]]
affinity = {}


def emit(source, text):
    t = time.time()
    with lock:
        lines.append((t, len(lines), source, text))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DYNOS = {f"web.{i + 1}": {"port": free_port(), "state": "down", "pids": []} for i in range(SC["dynos"])}


def boot(name):
    d = DYNOS[name]
    emit(f"heroku[{name}]", "Starting process with command `node web.js`")
    env = dict(os.environ, PORT=str(d["port"]), RELEASE=release[0], DYNO=name, APP=SC["app"])
    d["proc"] = subprocess.Popen(["node", os.path.join(HERE, "web.js")], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    d["pids"].append(d["proc"].pid)
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


def restart(name, why):
    d = DYNOS[name]
    emit(f"heroku[{name}]", why)
    emit(f"heroku[{name}]", "State changed from up to starting")
    d["state"] = "starting"
    emit(f"heroku[{name}]", "Stopping all processes with SIGTERM")
    d["proc"].terminate()
    rc = d["proc"].wait()
    d["pump"].join(3)
    emit(f"heroku[{name}]", f"Process exited with status {128 - rc if rc < 0 else rc}")
    boot(name)


def fill(t):
    return (t.replace("{id}", str(random.randint(*SC.get("ids", [1000, 99999]))))
             .replace("{lane}", random.choice(["RTM-BHX", "FXT-LBA", "SOU-MAN", "GRK-EMA", "TIL-NCL"]))
             .replace("{q}", random.choice(["quince", "rhubarb", "leek", "damson", "sorrel"])))


def forward(method, path, pin=None, cookie=None):
    ups = [n for n, d in DYNOS.items() if d["state"] == "up"]
    if not ups:
        return
    name = pin if pin in ups else random.choice(ups)
    rid, ip = str(uuid.uuid4()), f"{random.choice(['198.51.100', '203.0.113', '192.0.2'])}.{random.randint(1, 254)}"
    t0 = time.monotonic()
    headers = {"Host": HOST, "X-Request-Id": rid, "X-Forwarded-For": ip}
    if cookie:
        headers["Cookie"] = cookie
    try:
        c = http.client.HTTPConnection("127.0.0.1", DYNOS[name]["port"], timeout=60)
        c.connect()
        t1 = time.monotonic()
        c.request(method, path, body=b"{}" if method == "POST" else None, headers=headers)
        r = c.getresponse()
        body = r.read()
        c.close()
        t2 = time.monotonic()
        emit("heroku[router]", f'at=info method={method} path="{path}" host={HOST} request_id={rid} fwd="{ip}" '
             f"dyno={name} connect={round((t1 - t0) * 1000)}ms service={round((t2 - t1) * 1000)}ms "
             f"status={r.status} bytes={len(body) + 140} protocol=https")
    except OSError:
        emit("heroku[router]", f'at=error code=H13 desc="Connection closed without response" method={method} '
             f'path="{path}" host={HOST} request_id={rid} fwd="{ip}" dyno={name} connect=0ms service=0ms '
             f"status=503 bytes=0 protocol=https")


def router():
    mix = SC["mix"]
    total = sum(m[0] for m in mix)
    while time.time() < END - 0.5:
        r = random.uniform(0, total)
        for share, method, tmpl in mix:
            r -= share
            if r < 0:
                threading.Thread(target=forward, args=(method, fill(tmpl)), daemon=True).start()
                break
        time.sleep(-math.log(1 - random.random()) / (SC["rate"] * rate_factor[0]))


def measure(pid):
    m = dict.fromkeys(["RssAnon", "RssFile", "RssShmem", "VmSwap"], 0)
    pg = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in m:
                    m[k] += int(v.split()[0])
        with open(f"/proc/{pid}/stat") as f:
            st = f.read().rsplit(")", 1)[1].split()
        pg = int(st[7]) + int(st[9])
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
        if total > 2 * QUOTA:
            emit(f"heroku[{name}]", f"Process running mem={round(total)}M({total / QUOTA * 100:.1f}%)")
            emit(f"heroku[{name}]", "Error R15 (Memory quota vastly exceeded)")
            emit(f"heroku[{name}]", "Stopping process with SIGKILL")
        elif total > QUOTA:
            emit(f"heroku[{name}]", f"Process running mem={round(total)}M({total / QUOTA * 100:.1f}%)")
            emit(f"heroku[{name}]", "Error R14 (Memory quota exceeded)")


def event(ev):
    time.sleep(max(START + ev["at"] - time.time(), 0))
    if ev["do"] == "import":
        p = ev["partner"]
        if p not in affinity:
            affinity[p] = ev.get("dyno") or random.choice(list(DYNOS))
        forward("POST", f"/manifests/import?partner={p}", pin=affinity[p], cookie=f"heroku-session-affinity={p}")
    elif ev["do"] == "cycle":
        restart(ev["dyno"], "Cycling")
    elif ev["do"] == "spike":
        rate_factor[0] = ev["factor"]
        time.sleep(ev["for"])
        rate_factor[0] = 1.0
    elif ev["do"] == "deploy":
        who = ev["user"]
        emit("app[api]", f"Build started by user {who}")
        time.sleep(1.2)
        emit("app[api]", "Build succeeded")
        emit("app[api]", f"Deploy {ev['commit']} by user {who}")
        release[0] = ev["release"]
        emit("app[api]", f"Release {ev['release']} created by user {who}")
        for name in DYNOS:
            restart(name, "Restarting")
            time.sleep(2)


bs = [threading.Thread(target=boot, args=(n,)) for n in DYNOS]
for b in bs:
    b.start()
    time.sleep(0.4)
for b in bs:
    b.join()
ts = [threading.Thread(target=router)] + [threading.Thread(target=event, args=(e,)) for e in SC["events"]]
ts += [threading.Thread(target=metrics, args=(n, 4.3 + 6.1 * i)) for i, n in enumerate(DYNOS)]
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
print("lines", len(lines), "pids", {n: d["pids"] for n, d in DYNOS.items()}, "affinity", affinity, file=sys.stderr)
