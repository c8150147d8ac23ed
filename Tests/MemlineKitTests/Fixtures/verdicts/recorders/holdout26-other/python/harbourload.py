#!/usr/bin/env python3
"""Stands in for the harbour portal's users behind the proxy: ~RATE requests/s, Poisson, 8 client threads.
At REPORT_AT s one GET /reports/tides.csv (the harbour master's yearly tide export).
    harbourload.py PORT SECONDS RATE REPORT_AT"""
import http.client
import math
import random
import sys
import threading
import time

port, seconds, rate, report_at = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
start = time.time()
counts = {}
lock = threading.Lock()
MIX = [(28, "/tiles/{id}/thumb?fmt=jpeg"), (15, "/tiles/{id}/thumb?fmt=webp"), (39, "/berths/{id}"), (18, "/healthz")]
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
          "BerthBoard/3.2 (android 14)", "kube-probe/1.29"]


def get(path, agent):
    ip = f"10.20.{random.randint(0, 9)}.{random.randint(2, 250)}"
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", path, headers={"X-Forwarded-For": ip, "User-Agent": agent})
        c.getresponse().read()
        c.close()
    except OSError:
        pass
    with lock:
        key = path.split("?")[0].split("/")[1] + ("?" + path.split("?")[1] if "?" in path else "")
        counts[key] = counts.get(key, 0) + 1


def worker():
    while time.time() < start + seconds:
        path = random.choices([m[1] for m in MIX], [m[0] for m in MIX])[0].replace("{id}", str(random.randint(1000, 99999)))
        get(path, AGENTS[3] if path == "/healthz" else random.choice(AGENTS[:3]))
        time.sleep(-math.log(1 - random.random()) / (rate / 8))


def report():
    time.sleep(report_at)
    get("/reports/tides.csv?year=2026", "curl/7.88.1")


ts = [threading.Thread(target=worker) for _ in range(8)] + [threading.Thread(target=report)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("harbourload", counts, file=sys.stderr)
