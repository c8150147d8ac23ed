#!/usr/bin/env python3
"""Load for larchway: 6 client threads for SECONDS, ~20 requests/s in all: stacks 45%, moisture 28%, orders 20%,
the stock-ageing report ~1.5%, ping the rest.   python3 loadgen.py PORT SECONDS"""
import random
import sys
import threading
import time
import urllib.request

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS


def client(n):
    rnd = random.Random(n * 15485863)
    while time.monotonic() < end:
        r = rnd.random()
        data = None
        if r < 0.45:
            path = f"/api/stacks/{rnd.randint(1, 250000)}"
        elif r < 0.73:
            path = f"/api/yards/{rnd.randint(1, 14)}/moisture"
        elif r < 0.93:
            path, data = "/api/orders", b'{"stack": 42, "m3": 3.5}'
        elif r < 0.945:
            path = "/api/reports/stock-ageing"
        else:
            path = "/ping"
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=data,
                                     headers={"X-Request-Id": f"c{n}-{rnd.getrandbits(40):x}", "User-Agent": "yard-app/5.2"})
        try:
            urllib.request.urlopen(req, timeout=15).read()
        except Exception as e:  # noqa: BLE001
            print("loadgen:", path, e, file=sys.stderr)
        time.sleep(rnd.uniform(0.10, 0.45))


ts = [threading.Thread(target=client, args=(i,)) for i in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
