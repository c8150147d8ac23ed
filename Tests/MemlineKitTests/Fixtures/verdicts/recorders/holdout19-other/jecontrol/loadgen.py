#!/usr/bin/env python3
"""loadgen.py PORT SECONDS: drives fernlock for SECONDS: item lookups (~9/s, a skewed SKU mix: 80% from the 30,000
most popular), store stock checks (~3/s), GET /v1/exports/pricebook every ~14 s (the buyers' export), /healthz every
10 s. A new connection per request."""
import http.client
import random
import sys
import threading
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + seconds
counts = {}


def one(path, ua):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        c.request("GET", path, headers={"User-Agent": ua})
        c.getresponse().read()
        key = path.split("/")[2] if path.count("/") > 1 else path
        counts[key] = counts.get(key, 0) + 1
    except OSError as e:
        print("loadgen:", e, file=sys.stderr)
    finally:
        c.close()


def items(k):
    r = random.Random(k)
    while time.monotonic() < end:
        sku = r.randint(0, 29999) if r.random() < 0.8 else r.randint(30000, 399999)
        one(f"/v1/catalog/items/{sku}", "fernlock-web/3.4")
        time.sleep(r.uniform(0.12, 0.32))


def stock():
    r = random.Random(3)
    while time.monotonic() < end:
        one(f"/v1/stock/store-{r.randint(1, 64)}", "pos-sync/8.0")
        time.sleep(r.uniform(0.2, 0.45))


def exports():
    r = random.Random(4)
    time.sleep(r.uniform(6, 9))
    while time.monotonic() < end:
        one("/v1/exports/pricebook", "buyers-export/1.2")
        time.sleep(r.uniform(11, 17))


def health():
    while time.monotonic() < end:
        one("/healthz", "kube-probe/1.28")
        time.sleep(10)


ts = [threading.Thread(target=items, args=(k,)) for k in range(2)]
ts += [threading.Thread(target=f) for f in (stock, exports, health)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(f"loadgen done: {counts}", file=sys.stderr)
