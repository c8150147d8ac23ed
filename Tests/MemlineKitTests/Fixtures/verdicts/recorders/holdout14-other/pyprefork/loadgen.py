#!/usr/bin/env python3
"""Load for the h14-python-* incident: tallyport's accounts through the front nginx.

    python3 loadgen.py NGINX_PORT SECONDS

Each account's uptime probe (GET /healthz with its X-Account) first tells which worker slot nginx's consistent hash
gives it. The EDI bridge account is the first `northgale-*` account that lands on slot 1. Then ~RATE requests/s
(Poisson) for SECONDS from 5 client threads, spread over all accounts; the EDI bridge POSTs /v3/manifests/ingest
~0.9 times/s (1,100-1,700 manifest lines each); 14% of the traffic is GET /v3/reports/duty-summary from all accounts.
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
RATE = float(os.environ.get("RATE", "13"))
random.seed(int(os.environ.get("SEED", "1407")))
ACCOUNTS = [f"{n}-{r}" for n in ("bluefin-logistics", "cargowell", "dunmore-trade", "eastquay", "fjordline",
                                  "granary-imports", "hollis-and-co", "ivory-coastal", "juniper-fwd")
            for r in ("gb", "nl", "de")]
EDI_CANDIDATES = [f"northgale-{r}" for r in ("freight", "edi", "cargo", "bridge", "uk", "rotterdam", "hull", "tees")]


def call(method, path, account, body=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    hdr = {"X-Account": account, "Connection": "close"}
    if body is not None:
        hdr["Content-Type"] = "application/json"
    c.request(method, path, body=body, headers=hdr)
    r = c.getresponse()
    r.read()
    c.close()
    return r


slot_of = {}
for a in ACCOUNTS + EDI_CANDIDATES:
    slot_of[a] = int(call("GET", "/healthz", a).getheader("X-Tallyport-Slot"))
    time.sleep(0.03)
edi = next(a for a in EDI_CANDIDATES if slot_of[a] == 1)
print("slots:", {s: sum(1 for a in ACCOUNTS if slot_of[a] == s) for s in range(3)}, "edi account:", edi, file=sys.stderr)


def one(kind):
    if kind == "edi":
        body = json.dumps({"ref": f"MNF{random.getrandbits(36):x}", "lines": random.randint(1100, 1700),
                           "origin": random.choice(["CNSHA", "NLRTM", "USNYC", "SGSIN"]), "seed": random.randint(1, 10**6)})
        call("POST", "/v3/manifests/ingest", edi, body)
        return
    a = random.choice(ACCOUNTS)
    r = random.random()
    if r < 0.80:
        call("GET", f"/v3/declarations/{random.randint(10**7, 10**8 - 1)}", a)
    elif r < 0.94:
        call("GET", f"/v3/reports/duty-summary?period=2026-{random.randint(1, 12):02d}", a)
    else:
        call("GET", "/healthz", a)


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


threads = [threading.Thread(target=work) for _ in range(5)]
for th in threads:
    th.start()
end = time.time() + SECONDS
edi_rate = 0.9
while time.time() < end:
    with cond:
        jobs.append("edi" if random.random() < edi_rate / RATE else "web")
        cond.notify()
    time.sleep(-math.log(1 - random.random()) / RATE)
done.set()
with cond:
    cond.notify_all()
for th in threads:
    th.join(60)
