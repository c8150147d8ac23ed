#!/usr/bin/env python3
"""The platform of the h6-platform-worker-job incident: dyno manager, router, logplex, log-runtime-metrics and an
HTTPS log drain in one.

    python3 dynoplex.py SECONDS WORKDIR OUT_FILE

Spawns each dyno as real processes: web.1-web.3 run Debian's Puma 5.6.5 in cluster mode (web/config/puma.rb:
2 workers, 4 threads, preload_app!) on their own loopback ports, worker.1 runs worker.rb; every dyno gets
MALLOC_ARENA_MAX=2 (as Heroku's Ruby buildpack sets it). Every line a dyno writes is stamped on arrival (UTC,
microseconds) and becomes an `app` message of that dyno; the platform's own messages (`Starting process`,
`State changed`, metrics, R14, restarts) are `heroku` messages of the dyno, and the router's are `heroku router`.

The router plays the app's clients: a Poisson stream of RATE requests/s over a fixed endpoint mix, each sent over
real TCP to a random web dyno with X-Request-Id and X-Forwarded-For; its `at=info …` line is written when the
response is complete (connect= and service= measured).

Every 20 s per dyno (each with its own phase) the platform measures the dyno like its memory cgroup does: the
sum over the dyno's process tree (Puma's master and forked workers) of /proc/PID/smaps_rollup Pss_Anon
(memory_rss), Pss_File + Pss_Shmem (memory_cache) and SwapPss (memory_swap); memory_total is their sum;
memory_pgpgin = minflt + majflt of the tree, memory_pgpgout = pgpgin - resident pages. Above the 512 MB quota it
adds `Process running mem=…` and `Error R14 (Memory quota exceeded)`.

The operator: 9 s after worker.1's first R14 (not before 60 s; at 100 s if there is none) `heroku ps:restart
worker.1`: Restarting, State changed from up to starting, Stopping all processes with SIGTERM, Sidekiq's shutdown
lines, Process exited with status N (the real exit status), Starting process with command, State changed from
starting to up; the new process reports under a new dyno id.

At the end the messages are sorted by stamp and written as the HTTPS drain received them: octet-counted RFC 5424
frames (`<PRI>1 TIME host APP PROCID - MSG`), one per line.
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
APP_ID = 52_771_904
HOST = "cargolane-api.herokuapp.com"
RATE = float(os.environ.get("RATE", "11"))
START = time.time()
DEADLINE = START + SECONDS
ENV_DYNO = {"MALLOC_ARENA_MAX": "2", "RACK_ENV": "production", "RAILS_ENV": "production", "WEB_CONCURRENCY": "2"}

lines = []
lock = threading.Lock()


def stamp(t=None):
    return datetime.fromtimestamp(t or time.time(), timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def emit(app, procid, text, t=None):
    with lock:
        lines.append((stamp(t), app, procid, text))


base_port = int(os.environ.get("BASE_PORT", "0")) or random.randrange(21000, 39000, 10)
DYNOS = {
    "web.1": {"cmd": "bundle exec puma -C config/puma.rb", "port": base_port + 1},
    "web.2": {"cmd": "bundle exec puma -C config/puma.rb", "port": base_port + 2},
    "web.3": {"cmd": "bundle exec puma -C config/puma.rb", "port": base_port + 3},
    "worker.1": {"cmd": "bundle exec sidekiq -C config/sidekiq.yml"},
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
    if "port" in d:
        env["PORT"] = str(d["port"])
        argv, cwd = ["puma", "-C", "config/puma.rb", "config.ru"], os.path.join(HERE, "web")
    else:
        argv, cwd = ["ruby", os.path.join(HERE, "worker.rb")], WORK
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
            time.sleep(3.0)
        emit("heroku", name, "State changed from starting to up")
        STATE[name] = "up"
    threading.Thread(target=up, daemon=True).start()


def stop(name):
    d = DYNOS[name]
    emit("heroku", name, "Stopping all processes with SIGTERM")
    d["proc"].terminate()
    code = d["proc"].wait()
    d["pump"].join(3)
    emit("heroku", name, f"Process exited with status {code if code >= 0 else 128 - code}")


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
    tot = {"Pss_Anon": 0, "Pss_File": 0, "Pss_Shmem": 0, "SwapPss": 0, "Rss": 0, "faults": 0}
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
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


MIX = [  # share per mille, verb, path
    (340, "GET", lambda: f"/api/v2/shipments/{random.randint(100000, 999999)}"),
    (300, "GET", lambda: "/api/v2/tracking/CL" + "".join(random.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))),
    (170, "POST", lambda: "/api/v2/quotes"),
    (80, "GET", lambda: "/dashboard"),
    (60, "GET", lambda: f"/manifests/{random.randint(20000, 29999)}/export.xlsx"),
    (50, "GET", lambda: "/health"),
]


def forward(verb, path):
    ups = [n for n, d in DYNOS.items() if "port" in d and STATE[n] == "up"]
    if not ups:
        return
    name = random.choice(ups)
    rid = str(uuid.uuid4())
    ip = f"{random.choice(['198.51.100', '203.0.113', '192.0.2'])}.{random.randint(1, 254)}"
    body = json.dumps({"from": "DEHAM", "to": random.choice(["USNYC", "CNSHA", "BRSSZ"]),
                       "weight_kg": random.randint(50, 24000)}) if verb == "POST" else ""
    t0 = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", DYNOS[name]["port"], timeout=30)
        conn.connect()
        t1 = time.monotonic()
        conn.request(verb, path, body=body or None, headers={"Host": HOST, "X-Request-Id": rid,
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
    workers = [threading.Thread(target=work, daemon=True) for _ in range(16)]
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


first_r14 = {}


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
        rss, cache, swap = m["Pss_Anon"] / 1024, (m["Pss_File"] + m["Pss_Shmem"]) / 1024, m["SwapPss"] / 1024
        total = rss + cache + swap
        pgin = m["faults"]
        pgout = max(pgin - m["Rss"] // 4, 0)
        emit("heroku", name, f"{src} sample#memory_total={total:.2f}MB sample#memory_rss={rss:.2f}MB "
             f"sample#memory_cache={cache:.2f}MB sample#memory_swap={swap:.2f}MB sample#memory_pgpgin={pgin}pages "
             f"sample#memory_pgpgout={pgout}pages sample#memory_quota={QUOTA_MB:.2f}MB")
        if total > QUOTA_MB:
            emit("heroku", name, f"Process running mem={round(total)}M({total * 100 / QUOTA_MB:.1f}%)")
            emit("heroku", name, "Error R14 (Memory quota exceeded)")
            first_r14.setdefault(name, time.time())


def operator():
    while True:
        now = time.time()
        r14 = first_r14.get("worker.1")
        if now >= DEADLINE - 25:
            return
        if (r14 and now >= max(r14 + 9, START + 60)) or now >= START + 100:
            break
        time.sleep(0.2)
    emit("heroku", "worker.1", "Restarting")
    emit("heroku", "worker.1", "State changed from up to starting")
    STATE["worker.1"] = "starting"
    stop("worker.1")
    boot("worker.1")


for i, name in enumerate(DYNOS):
    boot(name)
    time.sleep(0.5)
time.sleep(3)
threads = [threading.Thread(target=router)]
threads += [threading.Thread(target=sampler, args=(n, ph)) for n, ph in zip(DYNOS, [4.2, 8.7, 15.9, 11.3])]
threads.append(threading.Thread(target=operator))
for t in threads:
    t.start()
for t in threads:
    t.join()
cut = stamp()  # the drain is saved here; what the dynos print while being stopped is not part of it
for d in DYNOS.values():
    d["proc"].terminate()
for d in DYNOS.values():
    d["proc"].wait()
    d["pump"].join(3)
PRI = {"router": 158, "app": 190, "heroku": 45}
with lock:
    ordered = sorted(enumerate(lines), key=lambda x: (x[1][0], x[0]))
with open(OUT_FILE, "w") as f:
    for _, (ts, app, procid, text) in ordered:
        if ts > cut:
            continue
        pri = PRI["router"] if procid == "router" else PRI[app]
        msg = f"<{pri}>1 {ts} host {app} {procid} - {text}\n"
        f.write(f"{len(msg.encode())} {msg}")
print("first R14:", {k: round(v - START, 1) for k, v in first_r14.items()})
