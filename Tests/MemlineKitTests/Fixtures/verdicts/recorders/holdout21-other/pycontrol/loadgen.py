#!/usr/bin/env python3
"""Billing clients for penhallow:  python3 loadgen.py PORT SECONDS
3 threads: GET /api/invoices/<id> 45%, /api/customers/<id>/balance 50%, /healthz 5%, every 70-180 ms."""
import random
import sys
import threading
import time
import urllib.request

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS


def worker(n):
    rnd = random.Random(n + 404)
    while time.monotonic() < end:
        r = rnd.random()
        path = (f"/api/invoices/INV-{rnd.randint(10000, 99999)}" if r < 0.45 else
                f"/api/customers/{rnd.randint(1, 5000)}/balance" if r < 0.95 else "/healthz")
        try:
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{PORT}{path}",
                                                          headers={"User-Agent": "billing-web/8.1"}), timeout=10).read()
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(rnd.uniform(0.07, 0.18))


ts = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
