#!/usr/bin/env python3
"""A Heroku-style platform for the h27 platform incident over real Python dynos: dyno manager, router,
log-runtime-metrics (every 20 s per dyno, summed over the dyno's process tree from /proc/PID/status:
memory_rss = RssAnon, memory_cache = RssFile + RssShmem, memory_swap = VmSwap; quota 512 MB, R14 over it), and the
`heroku logs --tail` output (`TIME source[dyno]: message`, UTC) written to OUT_FILE.
    python3 herokuish.py OUT_FILE SECONDS EXPORT_AT RESTART_AT
web.1 and web.2: `gunicorn -w 2 rookhaven.wsgi:application` (Debian's /usr/bin/python3 3.11, gunicorn 20.1);
worker.1: `python worker.py`. The router sends ~RATE requests/s to a random web dyno. At EXPORT_AT s (moved to 10 s
before web.2's next metrics sample) one GET /reports/rides.csv goes to web.2. At RESTART_AT s the on-call runs
`heroku ps:restart web.2`. The export streams to a slow client (~3 MB/s), so web.2 holds the rows ~20 s."""
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

OUT, SECONDS, EXPORT_AT, RESTART_AT = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
HERE = os.path.dirname(os.path.abspath(__file__))
APP, HOST, RATE, QUOTA = "rookhaven-bikes", "rookhaven-bikes.herokuapp.com", 24.0, 512.0
PY = "/usr/bin/python3"
START = time.time()
END = START + SECONDS
lines, lock = [], threading.Lock()
release = "v142"


def emit(source, dyno, text, at=None):
    with lock:
        lines.append((at or time.time(), len(lines), source, dyno, text))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DYNOS = {
    "web.1": {"cmd": "gunicorn rookhaven.wsgi:application -w 2 --access-logfile -", "phase": 3.1},
    "web.2": {"cmd": "gunicorn rookhaven.wsgi:application -w 2 --access-logfile -", "phase": 9.4},
    "worker.1": {"cmd": "python worker.py", "phase": 15.2},
}
for n, d in DYNOS.items():
    d.update(port=free_port(), state="down", pids=[], uid=f"heroku.{random.randint(10**7, 10**8)}.{uuid.uuid4()}")


def boot(name):
    d = DYNOS[name]
    emit("heroku", name, f"Starting process with command `{d['cmd']}`")
    env = dict(os.environ, PORT=str(d["port"]), DYNO=name, HEROKU_RELEASE_VERSION=release, PYTHONUNBUFFERED="1",
               PYTHONPATH=HERE)
    if name.startswith("web"):
        argv = [PY, "-m", "gunicorn", "rookhaven.wsgi:application", "-w", "2", "-b", f"127.0.0.1:{d['port']}",
                "--access-logfile", "-", "--error-logfile", "-", "--timeout", "60"]
    else:
        argv = [PY, "worker.py"]
    d["proc"] = subprocess.Popen(argv, env=env, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    d["pids"].append(d["proc"].pid)

    def pump(proc=d["proc"]):
        for raw in proc.stdout:
            emit("app", name, raw.decode(errors="replace").rstrip("\n"))
    d["pump"] = threading.Thread(target=pump, daemon=True)
    d["pump"].start()
    if name.startswith("web"):
        while True:
            try:
                socket.create_connection(("127.0.0.1", d["port"]), 0.5).close()
                break
            except OSError:
                time.sleep(0.1)
    else:
        time.sleep(0.5)
    d["state"] = "up"
    emit("heroku", name, "State changed from starting to up")


def restart(name):
    d = DYNOS[name]
    emit("heroku", name, "Restarting")
    emit("heroku", name, "State changed from up to starting")
    d["state"] = "starting"
    emit("heroku", name, "Stopping all processes with SIGTERM")
    d["proc"].terminate()
    rc = d["proc"].wait()
    d["pump"].join(3)
    emit("heroku", name, f"Process exited with status {128 - rc if rc < 0 else rc}")
    boot(name)


MIX = [(55, "GET", "/stations/{id}/availability"), (20, "GET", "/stations/nearby?lat=50.{a}&lng=-4.{b}"),
       (10, "POST", "/rides"), (8, "GET", "/healthz")]


def forward(method, path, name=None):
    ups = [n for n, d in DYNOS.items() if d["state"] == "up" and n.startswith("web")]
    if name is None:
        if not ups:
            return
        name = random.choice(ups)
    rid = str(uuid.uuid4())
    ip = f"{random.choice(['198.51.100', '203.0.113', '192.0.2'])}.{random.randint(1, 254)}"
    t0 = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", DYNOS[name]["port"], timeout=60)
        c.connect()
        t1 = time.monotonic()
        c.request(method, path, body=b'{"bike":"RH-B-1"}' if method == "POST" else None,
                  headers={"Host": HOST, "X-Request-Id": rid, "X-Forwarded-For": ip, "User-Agent": "RookhavenApp/5.3 (iOS 18.1)"})
        r = c.getresponse()
        if path.startswith("/reports/"):  # the export goes to a slow client: ~3 MB/s
            body = b""
            while True:
                chunk = r.read(300_000)
                if not chunk:
                    break
                body += chunk
                time.sleep(0.1)
        else:
            body = r.read()
        c.close()
        t2 = time.monotonic()
        svc = round((t2 - t1) * 1000)
        if svc > 30000:
            emit("heroku", "router", f'at=error code=H12 desc="Request timeout" method={method} path="{path}" host={HOST} '
                 f'request_id={rid} fwd="{ip}" dyno={name} connect={round((t1 - t0) * 1000)}ms service=30000ms status=503 bytes=0 protocol=https')
            return
        emit("heroku", "router", f'at=info method={method} path="{path}" host={HOST} request_id={rid} '
             f'fwd="{ip}" dyno={name} connect={round((t1 - t0) * 1000)}ms service={svc}ms '
             f"status={r.status} bytes={len(body) + 190} protocol=https")
    except OSError:
        emit("heroku", "router", f'at=error code=H13 desc="Connection closed without response" method={method} '
             f'path="{path}" host={HOST} request_id={rid} fwd="{ip}" dyno={name} connect=0ms service=0ms '
             f"status=503 bytes=0 protocol=https")


def router():
    weights = [m[0] for m in MIX]
    while time.time() < END - 0.5:
        _, method, path = random.choices(MIX, weights)[0]
        path = path.format(id=random.randint(1, 420), a=random.randint(100, 999), b=random.randint(100, 999))
        threading.Thread(target=forward, args=(method, path), daemon=True).start()
        time.sleep(-math.log(1 - random.random()) / RATE)


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def status(pid):
    m = dict.fromkeys(["RssAnon", "RssFile", "RssShmem", "VmSwap"], 0)
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    k, _, v = line.partition(":")
                    if k in m:
                        m[k] += int(v.split()[0])
        except OSError:
            pass
    return m


def metrics(name):
    d = DYNOS[name]
    k = 0
    while True:
        at = START + d["phase"] + 20 * k
        k += 1
        if at > END:
            return
        time.sleep(max(0, at - time.time()))
        if d["state"] != "up":
            continue
        m = status(d["proc"].pid)
        rss, cache, swap = m["RssAnon"] / 1024, (m["RssFile"] + m["RssShmem"]) / 1024, m["VmSwap"] / 1024
        total = rss + cache + swap
        la = os.getloadavg()
        emit("heroku", name, f"source={name} dyno={d['uid']} sample#load_avg_1m={la[0]:.2f} "
             f"sample#load_avg_5m={la[1]:.2f} sample#load_avg_15m={la[2]:.2f}")
        emit("heroku", name, f"source={name} dyno={d['uid']} sample#memory_total={total:.2f}MB "
             f"sample#memory_rss={rss:.2f}MB sample#memory_cache={cache:.2f}MB sample#memory_swap={swap:.2f}MB "
             f"sample#memory_pgpgin={random.randint(200000, 400000)}pages sample#memory_pgpgout={random.randint(150000, 300000)}pages "
             f"sample#memory_quota={QUOTA:.2f}MB")
        if total > QUOTA:
            emit("heroku", name, f"Process running mem={round(total)}M({100 * total / QUOTA:.1f}%)")
            emit("heroku", name, "Error R14 (Memory quota exceeded)")


def main():
    emit("app", "api", f"Build started by user tamsin@rookhaven.example", at=START - 160)
    emit("app", "api", f"Deploy 7b2e41c by user tamsin@rookhaven.example", at=START - 12)
    emit("app", "api", f"Release {release} created by user tamsin@rookhaven.example", at=START - 12)
    emit("app", "api", f"Build succeeded", at=START - 11)
    for n in DYNOS:
        boot(n)
    threading.Thread(target=router, daemon=True).start()
    ms = [threading.Thread(target=metrics, args=(n,), daemon=True) for n in DYNOS]
    for t in ms:
        t.start()
    # the export lands 10 s before one of web.2's samples
    ph = DYNOS["web.2"]["phase"]
    k = math.ceil((EXPORT_AT + 10 - ph) / 20)
    ex = ph + 20 * k - 10
    time.sleep(max(0, START + ex - time.time()))
    threading.Thread(target=forward, args=("GET", "/reports/rides.csv?season=2026", "web.2"), daemon=True).start()
    time.sleep(max(0, START + RESTART_AT - time.time()))
    emit("app", "api", "Restart web.2 by user on-call@rookhaven.example")
    restart("web.2")
    time.sleep(max(0, END - time.time()))
    for n, d in DYNOS.items():
        d["proc"].terminate()
    for n, d in DYNOS.items():
        d["proc"].wait()
    with open(OUT, "w") as f:
        for at, _, source, dyno, text in sorted(lines):
            ts = datetime.fromtimestamp(at, timezone.utc).isoformat(timespec="microseconds")
            f.write(f"{ts} {source}[{dyno}]: {text}\n")
    print("pids", {n: d["pids"] for n, d in DYNOS.items()}, "export at", ex, file=sys.stderr)


main()
