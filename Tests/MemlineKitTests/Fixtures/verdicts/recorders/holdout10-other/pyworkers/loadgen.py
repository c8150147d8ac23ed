#!/usr/bin/env python3
"""Load for the h10-python-* incident: stockroom's tenants through the front nginx.

    python3 loadgen.py NGINX_PORT SECONDS

First each tenant's health probe (GET /healthz with its X-Tenant, as the tenants' uptime monitors do) tells which
worker slot nginx's consistent hash gives it. The POS integration tenant is the first `ironbridge-*` store group
that lands on slot 2; the other tenants' traffic is weighted so that slot 0 gets about half of all requests
(its worker reaches max-requests mid-run), slot 1 about a quarter, slot 2 the rest. Then ~RATE requests/s
(Poisson) for SECONDS from 6 client threads; ironbridge's tills POST /api/v2/pos/sync ~1.1 times/s
(900-1400 basket lines each).
"""
import http.client
import json
import math
import os
import random
import sys
import threading
import time

PORT = int(sys.argv[1])
SECONDS = float(sys.argv[2])
RATE = float(os.environ.get("RATE", "20"))
random.seed(int(os.environ.get("SEED", "1206")))
TENANTS = [f"{n}-{r}" for n in ("harbor-deli", "millbrook", "corner-market", "tallow-co", "greengage", "pantry-plus",
                                  "fairweather", "oakhaven", "brightmart", "kestrel-foods", "quayside", "larchfield")
           for r in ("north", "south")]
POS_CANDIDATES = [f"ironbridge-{r}" for r in ("retail", "stores", "group", "pos", "markets", "uk", "eu", "outlets")]
UA = {"pos": "ironbridge-pos-connector/4.2 (python-requests/2.31.0)", "web": "stockroom-web/2.9 (axios/1.6.2)",
      "mon": "UptimeMonitor/1.0"}


def call(method, path, tenant, ua, body=None, ip=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    hdr = {"X-Tenant": tenant, "User-Agent": ua, "X-Forwarded-For": ip or "203.0.113.10", "Connection": "close"}
    if body is not None:
        hdr["Content-Type"] = "application/json"
    c.request(method, path, body=body, headers=hdr)
    r = c.getresponse()
    r.read()
    c.close()
    return r


slot_of = {}
for t in TENANTS + POS_CANDIDATES:
    slot_of[t] = int(call("GET", "/healthz", t, UA["mon"], ip="198.51.100.77").getheader("X-Stockroom-Slot"))
    time.sleep(0.05)
pos = next(t for t in POS_CANDIDATES if slot_of[t] == 2)
by_slot = {s: [t for t in TENANTS if slot_of[t] == s] for s in range(3)}
share = {0: 0.50, 1: 0.26, 2: 0.24 - 1.1 / RATE}
weights = []
for s, ts in by_slot.items():
    for t in ts:
        weights.append((t, share[s] / len(ts)))
print("slots:", {s: len(v) for s, v in by_slot.items()}, "pos tenant:", pos, file=sys.stderr)
ip_of = {t: f"203.0.113.{10 + i}" for i, t in enumerate(TENANTS)}


def one(kind):
    if kind == "pos":
        body = json.dumps({"store": random.randint(1, 140), "till": random.randint(1, 12),
                           "batch_id": f"b{random.getrandbits(40):x}", "lines": random.randint(900, 1400),
                           "seed": random.randint(1, 10**6)})
        call("POST", "/api/v2/pos/sync", pos, UA["pos"], body, "198.51.100.40")
        return
    t = random.choices([w[0] for w in weights], [w[1] for w in weights])[0]
    r = random.random()
    if r < 0.58:
        call("GET", f"/api/v2/items/{random.randint(1000000, 9999999)}", t, UA["web"], ip=ip_of[t])
    elif r < 0.86:
        call("GET", f"/api/v2/stock/{random.randint(1, 160)}", t, UA["web"], ip=ip_of[t])
    elif r < 0.97:
        call("POST", "/api/v2/reservations", t, UA["web"], json.dumps({"sku": random.randint(1, 10**6)}), ip_of[t])
    else:
        call("GET", "/healthz", t, UA["mon"], ip="198.51.100.77")


jobs, cond, done = [], threading.Condition(), threading.Event()


def work():
    while True:
        with cond:
            while not jobs and not done.is_set():
                cond.wait()
            if not jobs:
                return
            k = jobs.pop(0)
        try:
            one(k)
        except OSError:
            pass


threads = [threading.Thread(target=work) for _ in range(6)]
for th in threads:
    th.start()
end = time.time() + SECONDS
pos_rate = 1.1
while time.time() < end:
    with cond:
        jobs.append("pos" if random.random() < pos_rate / RATE else "web")
        cond.notify()
    time.sleep(-math.log(1 - random.random()) / RATE)
done.set()
with cond:
    cond.notify_all()
for th in threads:
    th.join(60)
