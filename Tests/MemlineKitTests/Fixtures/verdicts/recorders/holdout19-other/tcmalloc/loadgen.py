#!/usr/bin/env python3
"""loadgen.py PORT SECONDS: drives gritmill through nginx for SECONDS: quote clients (~7/s over 48 lanes, a few
wagons each), lane lookups (~4/s), consignment amendments (~2.2/s, 50-130 KB documents of manifest lines) and
/healthz every 5 s. A new connection per request (HTTP/1.1 to nginx, which keeps nothing alive upstream)."""
import http.client
import random
import sys
import threading
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + seconds
counts = {}


def one(method, path, body=None, ua="gritmill-client/3.1"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request(method, path, body=body, headers={"User-Agent": ua, "Connection": "close"})
        c.getresponse().read()
        counts[method] = counts.get(method, 0) + 1
    except OSError as e:
        print("loadgen:", e, file=sys.stderr)
    finally:
        c.close()


def quotes(k):
    r = random.Random(k)
    while time.monotonic() < end:
        one("GET", f"/v2/quotes/{r.randint(1, 48)}?wagons={r.randint(1, 30)}", ua="tariff-portal/5.0")
        time.sleep(r.uniform(0.15, 0.42))


def lanes():
    r = random.Random(5)
    while time.monotonic() < end:
        one("GET", f"/v2/lanes/{r.randint(1, 48)}", ua="dispatch-board/2.2")
        time.sleep(r.uniform(0.12, 0.38))


def amends():
    r = random.Random(8)
    while time.monotonic() < end:
        n = r.randint(600, 1500)
        doc = "\n".join(f"SKU{r.randint(100000, 999999)};{r.randint(1, 400)};{r.random() * 900:.2f};"
                        f"hazmat={r.choice('NNNNY')};seal=S{r.randint(1000000, 9999999)};wagon=W{r.randint(10, 99)}"
                        f";bay={r.randint(1, 12)};ok" for _ in range(n))
        one("POST", f"/v2/consignments/CN-{r.randint(40000, 99999)}/amend", body=doc.encode(), ua="erp-bridge/1.9")
        time.sleep(r.uniform(0.25, 0.65))


def health():
    while time.monotonic() < end:
        one("GET", "/healthz", ua="kube-probe/1.28")
        time.sleep(5)


ts = [threading.Thread(target=quotes, args=(k,)) for k in range(2)]
ts += [threading.Thread(target=f) for f in (lanes, amends, health)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(f"loadgen done: {counts}", file=sys.stderr)
