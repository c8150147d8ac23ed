#!/usr/bin/env python3
"""Box-office clients for sallowby: 6 threads for SECONDS, ~16 requests/s in all: shows 55%, seat maps 20%, holds
20%, healthz the rest; one more thread fetches the sales export every 18-24 s.   python3 loadgen.py PORT SECONDS"""
import json
import random
import sys
import threading
import time
import urllib.request

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS


def get(path, data=None):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=data,
                                 headers={"Content-Type": "application/json"} if data else {})
    try:
        urllib.request.urlopen(req, timeout=30).read()
    except Exception as e:  # noqa: BLE001
        print("loadgen:", path, e, file=sys.stderr)


def client(n):
    rnd = random.Random(n * 31337)
    while time.monotonic() < end:
        r = rnd.random()
        if r < 0.55:
            get(f"/api/shows/{rnd.randint(1, 400)}")
        elif r < 0.75:
            get(f"/api/shows/{rnd.randint(1, 400)}/seats")
        elif r < 0.95:
            get("/api/holds", json.dumps({"show": rnd.randint(1, 400), "seats": rnd.randint(1, 6),
                                          "basket": f"b{n}-{rnd.randint(1, 10**6)}"}).encode())
        else:
            get("/healthz")
        time.sleep(rnd.uniform(0.15, 0.55))


def exporter():
    time.sleep(9)
    while time.monotonic() < end - 10:
        get("/api/exports/sales.csv")
        time.sleep(random.uniform(18, 24))


ts = [threading.Thread(target=client, args=(i,)) for i in range(6)] + [threading.Thread(target=exporter)]
for t in ts:
    t.start()
for t in ts:
    t.join()
