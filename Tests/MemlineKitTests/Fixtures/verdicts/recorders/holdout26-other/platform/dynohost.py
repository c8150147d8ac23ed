#!/usr/bin/env python3
"""A Heroku-style platform for the h26 platform incident (dyno manager, router, release API with config vars,
log-runtime-metrics, HTTPS log drain) over real Node dynos.
    python3 dynohost.py SCENARIO.json OUT_FILE
SCENARIO: {"app", "host", "app_id", "seconds", "rate", "mix": [[weight, method, path], ...], "release",
"dynos": [{"name", "cmd", "node_args", "env"}], "boot_deploy": {...}, "events": [{"at": s, "do": "config"|"restart", ...}]}.
Every dyno is a real `node web.js|worker.js` process; its stdout lines become app[DYNO] lines stamped on arrival.
Router lines per real request (random up web dyno). Runtime metrics every 20 s per dyno from /proc/PID/status
(memory_rss = RssAnon, memory_cache = RssFile + RssShmem, memory_swap = VmSwap; quota 512 MB, R14 over it).
"config" sets config vars: a new release, every dyno restarted with the new env (as `heroku config:set` does).
The output is what an HTTPS drain receives, one logplex frame per line: `LEN <PRI>1 TIME host SOURCE DYNO - MSG`."""
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
release = [SC["release"]]
config = dict(SC.get("config", {}))


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
    args = d.get("node_args", [])
    emit("heroku", name, f"Starting process with command `{' '.join(['node'] + args + [d['cmd']])}`")
    env = dict(os.environ, PORT=str(d["port"]), RELEASE=release[0], DYNO=name)
    env.update(config)
    env.update({k: str(v) for k, v in d.get("env", {}).items()})
    d["proc"] = subprocess.Popen(["node"] + args + [os.path.join(HERE, d["cmd"])], env=env, cwd=HERE,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    d["pids"].append(d["proc"].pid)
    d["uuid"] = str(uuid.uuid4())

    def pump(proc=d["proc"]):
        for raw in proc.stdout:
            emit("app", name, raw.decode(errors="replace").rstrip("\n"))
    d["pump"] = threading.Thread(target=pump, daemon=True)
    d["pump"].start()
    if d["cmd"] == "web.js":
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
    return (path.replace("{id}", str(random.randint(1000, 99999)))
            .replace("{q}", random.choice(["salvia", "hosta", "fern", "lavender", "yew", "heuchera"])))


def forward(method, path):
    ups = [n for n, d in DYNOS.items() if d["state"] == "up" and d["cmd"] == "web.js"]
    if not ups:
        return
    name = random.choice(ups)
    rid = str(uuid.uuid4())
    ip = f"{random.choice(['198.51.100', '203.0.113', '192.0.2'])}.{random.randint(1, 254)}"
    t0 = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", DYNOS[name]["port"], timeout=30)
        c.connect()
        t1 = time.monotonic()
        c.request(method, path, body=b"{}" if method == "POST" else None,
                  headers={"Host": SC["host"], "X-Request-Id": rid, "X-Forwarded-For": ip})
        r = c.getresponse()
        body = r.read()
        c.close()
        t2 = time.monotonic()
        emit("heroku", "router", f'at=info method={method} path="{path}" host={SC["host"]} request_id={rid} '
             f'fwd="{ip}" dyno={name} connect={round((t1 - t0) * 1000)}ms service={round((t2 - t1) * 1000)}ms '
             f"status={r.status} bytes={len(body) + 180} protocol=https")
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
        time.sleep(-math.log(1 - random.random()) / SC["rate"])


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
        src = f"source={name} dyno=heroku.{SC['app_id']}.{d['uuid']}"
        emit("heroku", name, f"{src} sample#load_avg_1m={la[0]} sample#load_avg_5m={la[1]} sample#load_avg_15m={la[2]}")
        rss, cache, swap = m["RssAnon"] / 1024, (m["RssFile"] + m["RssShmem"]) / 1024, m["VmSwap"] / 1024
        total = rss + cache + swap
        emit("heroku", name, f"{src} sample#memory_total={total:.2f}MB sample#memory_rss={rss:.2f}MB "
             f"sample#memory_cache={cache:.2f}MB sample#memory_swap={swap:.2f}MB "
             f"sample#memory_pgpgin={int(total * 298)}pages sample#memory_pgpgout={int(total * 47)}pages "
             f"sample#memory_quota={QUOTA:.2f}MB")
        if total > QUOTA:
            emit("heroku", name, f"Process running mem={round(total)}M({total / QUOTA * 100:.1f}%)")
            emit("heroku", name, "Error R14 (Memory quota exceeded)")


def event(ev):
    time.sleep(max(START + ev["at"] - time.time(), 0))
    if ev["do"] == "restart":
        restart(ev["dyno"], "Cycling")
    elif ev["do"] == "config":
        names = ", ".join(ev["set"])
        emit("app", "api", f"Set {names} config vars by user {ev['user']}")
        config.update(ev["set"])
        release[0] = ev["release"]
        emit("app", "api", f"Release {ev['release']} created by user {ev['user']}")
        for name in DYNOS:
            restart(name, "Restarting")
            time.sleep(1.0)


bd = SC.get("boot_deploy")
if bd:
    emit("app", "api", f"Build started by user {bd['user']}")
    emit("app", "api", "Build succeeded")
    emit("app", "api", f"Deploy {bd['commit']} by user {bd['user']}")
    emit("app", "api", f"Release {SC['release']} created by user {bd['user']}")
for n in DYNOS:
    boot(n)
    time.sleep(0.3)
ts = [threading.Thread(target=router)] + [threading.Thread(target=event, args=(e,)) for e in SC["events"]]
ts += [threading.Thread(target=metrics, args=(n, 4.2 + 6.1 * i)) for i, n in enumerate(DYNOS)]
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
    for t, _, source, dyno, text in sorted(lines):
        if t > cut:
            continue
        stamp = datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        pri = 158 if source == "heroku" else 190
        frame = f"<{pri}>1 {stamp} host {source} {dyno} - {text}"
        f.write(f"{len(frame.encode())} {frame}\n")
print("lines", len(lines), "pids", {n: d["pids"] for n, d in DYNOS.items()}, file=sys.stderr)
