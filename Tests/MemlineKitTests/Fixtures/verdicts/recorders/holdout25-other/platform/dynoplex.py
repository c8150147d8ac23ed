#!/usr/bin/env python3
"""A Heroku-style platform for the h25 platform incidents (dyno manager, router, release API, log-runtime-metrics,
log drain) over real Python dynos.
    python3 dynoplex.py SCENARIO.json OUT_FILE
SCENARIO: {"app", "host", "seconds", "rate" (router requests/s), "mix": [[weight, method, path], ...],
"release", "framing": "heroku-logs" | "syslog", "dynos": [{"name": "web.1", "cmd": "web.py", "env": {...}}, ...],
"events": [{"at": s, "do": "export"|"restart"|"deploy"|"spike", ...}]}.
Every dyno is a real `python3 web.py|worker.py` process; its stdout lines become app[DYNO] lines, stamped on
arrival. Router lines are written per real request when the response is complete (web dynos, random choice).
Runtime metrics every 20 s per dyno from /proc/PID/status (memory_rss = RssAnon, memory_cache = RssFile +
RssShmem, memory_swap = VmSwap, total their sum; quota 512 MB, R14 over it). "export" sends GET
/exports/orders.csv to one web dyno; "restart" restarts one dyno (daily cycling); "deploy" builds a release and
restarts every dyno; "spike" multiplies the router rate for a while. framing "syslog" writes what an HTTPS/syslog
drain receives (`<PRI>1 TIME host SOURCE DYNO - MESSAGE`), "heroku-logs" what `heroku logs` prints."""
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
QUOTA = 512.0
START = time.time()
END = START + SC["seconds"]
lines, lock = [], threading.Lock()
rate = [1.0]
release = [SC["release"]]
app_id = SC.get("app_id", "d8e0b1c2")


def emit(source, dyno, text):
    with lock:
        lines.append((time.time(), len(lines), source, dyno, text))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DYNOS = {d["name"]: dict(d, port=free_port(), state="down", pids=[]) for d in SC["dynos"]}


def boot(name):
    d = DYNOS[name]
    cmd = f"python3 {d['cmd']}"
    emit("heroku", name, f"Starting process with command `{cmd}`")
    env = dict(os.environ, PORT=str(d["port"]), RELEASE=release[0], DYNO=name, APP=SC["app"], PYTHONUNBUFFERED="1")
    env.update({k: (v if isinstance(v, str) else json.dumps(v)) for k, v in d.get("env", {}).items()})
    d["proc"] = subprocess.Popen(["python3", os.path.join(HERE, d["cmd"])], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    d["pids"].append(d["proc"].pid)
    d["uuid"] = str(uuid.uuid4())

    def pump(proc=d["proc"]):
        for raw in proc.stdout:
            emit("app", name, raw.decode(errors="replace").rstrip("\n"))
    d["pump"] = threading.Thread(target=pump, daemon=True)
    d["pump"].start()
    if d["cmd"] == "web.py":
        while True:
            try:
                socket.create_connection(("127.0.0.1", d["port"]), 0.5).close()
                break
            except OSError:
                time.sleep(0.1)
    else:
        time.sleep(0.6)
    d["state"] = "up"
    emit("heroku", name, "State changed from starting to up")


def restart(name, why):
    d = DYNOS[name]
    emit("heroku", name, why)
    emit("heroku", name, "State changed from up to starting")
    d["state"] = "starting"
    emit("heroku", name, "Stopping all processes with SIGTERM")
    d["proc"].terminate()
    rc = d["proc"].wait()
    d["pump"].join(3)
    emit("heroku", name, f"Process exited with status {128 - rc if rc < 0 else rc}")
    boot(name)


def fill(path):
    return (path.replace("{id}", str(random.randint(100000, 999999)))
            .replace("{q}", random.choice(["oat", "kefir", "rye", "sorrel", "quark", "spelt"])))


def forward(method, path, pin=None):
    ups = [n for n, d in DYNOS.items() if d["state"] == "up" and d["cmd"] == "web.py"]
    if not ups:
        return
    name = pin if pin in ups else random.choice(ups)
    rid = str(uuid.uuid4())
    ip = f"{random.choice(['198.51.100', '203.0.113', '192.0.2'])}.{random.randint(1, 254)}"
    t0 = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", DYNOS[name]["port"], timeout=90)
        c.connect()
        t1 = time.monotonic()
        c.request(method, path, headers={"Host": SC["host"], "X-Request-Id": rid, "X-Forwarded-For": ip})
        r = c.getresponse()
        body = r.read()
        c.close()
        t2 = time.monotonic()
        if t2 - t0 > 30:
            emit("heroku", "router", f'at=error code=H12 desc="Request timeout" method={method} path="{path}" '
                 f'host={SC["host"]} request_id={rid} fwd="{ip}" dyno={name} connect={round((t1 - t0) * 1000)}ms '
                 f"service=30000ms status=503 bytes=0 protocol=https")
        else:
            emit("heroku", "router", f'at=info method={method} path="{path}" host={SC["host"]} request_id={rid} '
                 f'fwd="{ip}" dyno={name} connect={round((t1 - t0) * 1000)}ms service={round((t2 - t1) * 1000)}ms '
                 f"status={r.status} bytes={len(body) + 160} protocol=https")
    except OSError:
        emit("heroku", "router", f'at=error code=H13 desc="Connection closed without response" method={method} '
             f'path="{path}" host={SC["host"]} request_id={rid} fwd="{ip}" dyno={name} connect=0ms service=0ms '
             f"status=503 bytes=0 protocol=https")


def router():
    mix = SC["mix"]
    weights = [m[0] for m in mix]
    while time.time() < END - 0.5:
        _, method, path = random.choices(mix, weights)[0]
        threading.Thread(target=forward, args=(method, fill(path)), daemon=True).start()
        time.sleep(-math.log(1 - random.random()) / (SC["rate"] * rate[0]))


def status(pid):
    m = dict.fromkeys(["RssAnon", "RssFile", "RssShmem", "VmSwap"], 0)
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in m:
                    m[k] = int(v.split()[0])
    except OSError:
        pass
    return m


def metrics(name, phase):
    k = 0
    while True:
        at = START + phase + 20 * k
        k += 1
        if at > END:
            return
        time.sleep(max(at - time.time(), 0))
        d = DYNOS[name]
        if d["state"] != "up":
            continue
        m = status(d["proc"].pid)
        with open("/proc/loadavg") as f:
            la = f.read().split()[:3]
        src = f"source={name} dyno=heroku.{app_id}.{d['uuid']}"
        emit("heroku", name, f"{src} sample#load_avg_1m={la[0]} sample#load_avg_5m={la[1]} sample#load_avg_15m={la[2]}")
        rss, cache, swap = m["RssAnon"] / 1024, (m["RssFile"] + m["RssShmem"]) / 1024, m["VmSwap"] / 1024
        total = rss + cache + swap
        emit("heroku", name, f"{src} sample#memory_total={total:.2f}MB sample#memory_rss={rss:.2f}MB "
             f"sample#memory_cache={cache:.2f}MB sample#memory_swap={swap:.2f}MB "
             f"sample#memory_pgpgin={int(total * 310)}pages sample#memory_pgpgout={int(total * 52)}pages "
             f"sample#memory_quota={QUOTA:.2f}MB")
        if total > QUOTA:
            emit("heroku", name, f"Process running mem={round(total)}M({total / QUOTA * 100:.1f}%)")
            emit("heroku", name, "Error R14 (Memory quota exceeded)")


def event(ev):
    time.sleep(max(START + ev["at"] - time.time(), 0))
    if ev["do"] == "export":
        forward("GET", "/exports/orders.csv?from=2026-01-01", pin=ev["dyno"])
    elif ev["do"] == "restart":
        restart(ev["dyno"], "Cycling")
    elif ev["do"] == "spike":
        rate[0] = ev["factor"]
        time.sleep(ev["for"])
        rate[0] = 1.0
    elif ev["do"] == "deploy":
        emit("app", "api", f"Build started by user {ev['user']}")
        time.sleep(1.5)
        emit("app", "api", "Build succeeded")
        emit("app", "api", f"Deploy {ev['commit']} by user {ev['user']}")
        release[0] = ev["release"]
        emit("app", "api", f"Release {ev['release']} created by user {ev['user']}")
        for name in DYNOS:
            restart(name, "Restarting")
            time.sleep(1.5)


for n in DYNOS:
    boot(n)
    time.sleep(0.3)
ts = [threading.Thread(target=router)] + [threading.Thread(target=event, args=(e,)) for e in SC["events"]]
ts += [threading.Thread(target=metrics, args=(n, 3.1 + 5.3 * i)) for i, n in enumerate(DYNOS)]
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
host = SC.get("drain_host", "host")
with lock, open(OUT, "w") as f:
    for t, _, source, dyno, text in sorted(lines):
        if t > cut:
            continue
        stamp = datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        if SC.get("framing") == "syslog":
            pri = 158 if source == "heroku" else 190
            f.write(f"<{pri}>1 {stamp} {host} {source} {dyno} - {text}\n")
        else:
            f.write(f"{stamp} {source}[{dyno}]: {text}\n")
print("lines", len(lines), "pids", {n: d["pids"] for n, d in DYNOS.items()}, file=sys.stderr)
