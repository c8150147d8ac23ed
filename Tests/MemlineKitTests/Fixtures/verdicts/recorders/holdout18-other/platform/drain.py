#!/usr/bin/env python3
"""The platform of the h18-platform-python-brambling-* incident: dyno manager, router, log-runtime-metrics and a
`heroku logs --tail` session in one (adapted from holdout17-other/platform/drain.py).

    python3 drain.py SECONDS WORKDIR OUT_FILE

The dynos boot and serve traffic for WARMUP s before the tail is started: what they print before that is not part
of the log, and SECONDS counts from the attach.

Spawns the one dyno as a real process: web.1 runs web.py (stdlib Python 3.11 ThreadingHTTPServer, the brambling
plant-nursery shop) on its own loopback port; it loads its catalogue before the tail is attached. Every line the
dyno writes is stamped on arrival (UTC, microseconds) and becomes an `app[web.1]` line; the platform's own messages
are `heroku[web.1]`, the router's `heroku[router]`.

The router plays the app's clients: a Poisson stream of RATE requests/s over a fixed endpoint mix, each sent over
real TCP to the dyno; its `at=info` line is written when the response is complete.

Every ~20 s the platform samples the dyno's process tree from /proc/PID/status:
memory_rss = sum of RssAnon, memory_cache = RssFile + RssShmem, memory_swap = VmSwap; memory_total is their sum
(quota 512 MB, Basic). A sample over the quota is followed by `Process running mem=M(%)` and `Error R14
(Memory quota exceeded)`; over twice the quota by `Error R15 (Memory quota vastly exceeded)`, and the platform
kills the dyno (SIGKILL, exit 137, crashed) and starts it again.

At the end the lines are sorted by stamp and written as `heroku logs` prints them (`TIME SOURCE[DYNO]: MESSAGE`).
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

SECONDS = float(sys.argv[1])
WORK = sys.argv[2]
OUT_FILE = sys.argv[3]
HERE = os.path.dirname(os.path.abspath(__file__))
QUOTA_MB = 512.0
APP_ID = 41_907_338
HOST = "brambling-shop.herokuapp.com"
RATE = float(os.environ.get("RATE", "8.0"))
WARMUP = float(os.environ.get("WARMUP", "0"))
BOOT = time.time()
START = BOOT + WARMUP  # the drain is attached here
DEADLINE = START + SECONDS
ENV_DYNO = {"PYTHONUNBUFFERED": "1", "WEB_CONCURRENCY": "1", "PYTHONHASHSEED": "random"}
SESSIONS = [uuid.uuid4().hex for _ in range(900)]

lines = []
lock = threading.Lock()


def stamp(t=None):
    return datetime.fromtimestamp(t or time.time(), timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def emit(source, dyno, text, t=None):
    if (t or time.time()) < START:
        return
    with lock:
        lines.append((stamp(t), source, dyno, text))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DYNOS = {
    "web.1": {"cmd": "python3 web.py", "port": free_port()},
}
STATE = {n: "down" for n in DYNOS}


def pump(proc, name):
    def run():
        for raw in proc.stdout:
            emit("app", name, raw.decode("utf-8", "replace").rstrip("\n"))
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def boot(name):
    d = DYNOS[name]
    emit("heroku", name, f"Starting process with command `{d['cmd']}`")
    env = dict(os.environ, **ENV_DYNO, DYNO=name)
    d["boots"] = d.get("boots", 0) + 1
    env["PORT"] = str(d["port"])
    argv, cwd = [sys.executable, os.path.join(HERE, "web.py")], WORK
    d["proc"] = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    d["pump"] = pump(d["proc"], name)
    d["dyno_id"] = str(uuid.uuid4())

    def up():
        if "port" in d:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", d["port"]), 0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)
        else:
            time.sleep(2.0)
        emit("heroku", name, "State changed from starting to up")
        STATE[name] = "up"
    threading.Thread(target=up, daemon=True).start()


def tree(pid):
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def measure(pid):
    tot = {"RssAnon": 0, "RssFile": 0, "RssShmem": 0, "VmSwap": 0, "VmRSS": 0, "faults": 0}
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k in tot:
                        tot[k] += int(v.split()[0])
            with open(f"/proc/{p}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()
            tot["faults"] += int(st[7]) + int(st[9])
        except (OSError, IndexError, ValueError):
            continue
    return tot


WORDS = ["salvia", "hellebore", "fern", "shade", "acid", "hedge", "clematis", "rose", "dwarf", "evergreen",
         "alpine", "grass", "scented", "climber", "bulb", "drought", "pollinator", "red", "white", "winter"]
MIX = [  # share per mille, verb, path
    (410, "GET", lambda: f"/plants/{random.randint(1, 9000)}"),
    (380, "GET", lambda: "/search?q=" + "+".join(random.sample(WORDS, random.randint(1, 3)))),
    (110, "POST", lambda: "/cart/items"),
    (60, "POST", lambda: f"/wishlists/{random.randint(1, 4000)}/share"),
    (40, "GET", lambda: "/healthz"),
]

def forward(verb, path, dyno=None):
    ups = [n for n, d in DYNOS.items() if "port" in d and STATE[n] == "up"]
    if not ups:
        return
    name = dyno if dyno in ups else random.choice(ups)
    rid = str(uuid.uuid4())
    ip = f"{random.choice(['198.51.100', '203.0.113', '192.0.2'])}.{random.randint(1, 254)}"
    body = json.dumps({"plant": random.randint(1, 9000), "qty": random.randint(1, 6)}) if verb == "POST" else ""
    t0 = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", DYNOS[name]["port"], timeout=60)
        conn.connect()
        t1 = time.monotonic()
        conn.request(verb, path, body=body or None, headers={"Host": HOST, "X-Request-Id": rid,
                                                                 "X-Session": random.choice(SESSIONS),
                                                                 "X-Forwarded-For": ip, "Connection": "close",
                                                                 "Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        t2 = time.monotonic()
        hdr = sum(len(k) + len(v) + 4 for k, v in resp.getheaders()) + 19
        emit("heroku", "router", f'at=info method={verb} path="{path}" host={HOST} request_id={rid} fwd="{ip}" '
             f"dyno={name} connect={round((t1 - t0) * 1000)}ms service={round((t2 - t1) * 1000)}ms "
             f"status={resp.status} bytes={hdr + len(data)} protocol=https")
    except OSError:
        emit("heroku", "router", f'at=error code=H13 desc="Connection closed without response" method={verb} '
             f'path="{path}" host={HOST} request_id={rid} fwd="{ip}" dyno={name} connect=0ms service=0ms '
             f"status=503 bytes=0 protocol=https")


def router():
    jobs, stop_ev = [], threading.Event()
    cond = threading.Condition()

    def work():
        while True:
            with cond:
                while not jobs and not stop_ev.is_set():
                    cond.wait()
                if not jobs:
                    return
                req = jobs.pop(0)
            forward(*req)
    workers = [threading.Thread(target=work, daemon=True) for _ in range(12)]
    for w in workers:
        w.start()
    total = sum(m[0] for m in MIX)
    while time.time() < DEADLINE - 0.5:
        r = random.randrange(total)
        for share, verb, path in MIX:
            r -= share
            if r < 0:
                with cond:
                    jobs.append((verb, path()))
                    cond.notify()
                break
        time.sleep(-math.log(1 - random.random()) / RATE)
    stop_ev.set()
    with cond:
        cond.notify_all()
    for w in workers:
        w.join(30)


def sampler(name, phase):
    n = 0
    while True:
        at = START + phase + 20 * n + random.random() * 0.3
        if at > DEADLINE:
            return
        time.sleep(max(at - time.time(), 0))
        n += 1
        d = DYNOS[name]
        if STATE[name] != "up":
            continue
        m = measure(d["proc"].pid)
        with open("/proc/loadavg") as f:
            la = f.read().split()[:3]
        src = f"source={name} dyno=heroku.{APP_ID}.{d['dyno_id']}"
        emit("heroku", name, f"{src} sample#load_avg_1m={la[0]} sample#load_avg_5m={la[1]} sample#load_avg_15m={la[2]}")
        rss, cache, swap = m["RssAnon"] / 1024, (m["RssFile"] + m["RssShmem"]) / 1024, m["VmSwap"] / 1024
        total = rss + cache + swap
        pgin = m["faults"]
        pgout = max(pgin - m["VmRSS"] // 4, 0)
        emit("heroku", name, f"{src} sample#memory_total={total:.2f}MB sample#memory_rss={rss:.2f}MB "
             f"sample#memory_cache={cache:.2f}MB sample#memory_swap={swap:.2f}MB sample#memory_pgpgin={pgin}pages "
             f"sample#memory_pgpgout={pgout}pages sample#memory_quota={QUOTA_MB:.2f}MB")
        if total > QUOTA_MB:
            emit("heroku", name, f"Process running mem={round(total)}M({total / QUOTA_MB * 100:.1f}%)")
            if total > 2 * QUOTA_MB:
                emit("heroku", name, "Error R15 (Memory quota vastly exceeded)")
                emit("heroku", name, "Stopping process with SIGKILL")
                STATE[name] = "crashed"
                d["proc"].kill()
                d["proc"].wait()
                d["pump"].join(3)
                emit("heroku", name, "Process exited with status 137")
                emit("heroku", name, "State changed from up to crashed")
                time.sleep(1.0)
                emit("heroku", name, "State changed from crashed to starting")
                boot(name)
            else:
                emit("heroku", name, "Error R14 (Memory quota exceeded)")


def restart(name):
    d = DYNOS[name]
    emit("heroku", name, "Restarting")
    emit("heroku", name, "State changed from up to starting")
    STATE[name] = "starting"
    emit("heroku", name, "Stopping all processes with SIGTERM")
    d["proc"].terminate()
    try:
        rc = d["proc"].wait(30)
    except subprocess.TimeoutExpired:
        d["proc"].kill()
        rc = d["proc"].wait()
    d["pump"].join(3)
    emit("heroku", name, f"Process exited with status {rc if rc >= 0 else 128 - rc}")
    boot(name)


for i, name in enumerate(DYNOS):
    boot(name)
    time.sleep(0.4)
time.sleep(3)
threads = [threading.Thread(target=router)]
threads += [threading.Thread(target=sampler, args=(n, ph)) for n, ph in zip(DYNOS, [7.4])]
for t in threads:
    t.start()
for t in threads:
    t.join()
cut = stamp()  # the tail is stopped here; what the dynos print while being stopped is not part of it
for d in DYNOS.values():
    d["proc"].terminate()
for d in DYNOS.values():
    d["proc"].wait()
    d["pump"].join(3)
with lock:
    ordered = sorted(enumerate(lines), key=lambda x: (x[1][0], x[0]))
with open(OUT_FILE, "w") as f:
    for _, (ts, source, dyno, text) in ordered:
        if ts > cut:
            continue
        f.write(f"{ts} {source}[{dyno}]: {text}\n")
print("lines:", len(ordered))
