#!/usr/bin/env python3
"""Load for tallowmere: python3 loadgen.py PORTFILE SECONDS. Reads the port from PORTFILE before each request (a
deploy restarts the service on the same port). ~95 requests/s from 6 threads: 55% POST /v2/claims (1.5-7 KB claim
bodies), 37% GET /v2/claims/<id>, 8% GET /healthz. Connection errors during the restart are
retried. Prints counts to stderr."""
import http.client
import json
import random
import sys
import threading
import time

PORT, SECONDS = int(open(sys.argv[1]).read()), float(sys.argv[2])
END = time.time() + SECONDS
counts, lock = {}, threading.Lock()


def body(n):
    return json.dumps({"policy": f"TM-{random.randint(100000, 999999)}", "seq": n, "kind": random.choice(
        ["hail", "flood", "windscreen", "theft", "burst-pipe"]), "notes": "x" * random.randint(1400, 6800)})


def worker(k):
    n = 0
    while time.time() < END:
        r = random.random()
        if r < 0.55:
            method, path, data = "POST", "/v2/claims", body(k * 1_000_000 + n)
        elif r < 0.92:
            method, path, data = "GET", f"/v2/claims/{random.randint(1, 900000)}", None
        else:
            method, path, data = "GET", "/healthz", None
        n += 1
        for _ in range(20):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
                c.request(method, path, body=data, headers={"Content-Type": "application/json"})
                c.getresponse().read()
                c.close()
                with lock:
                    counts[path.split("/")[2] if path.startswith("/v2/claims/") else path] = counts.get(
                        path.split("/")[2] if path.startswith("/v2/claims/") else path, 0) + 1
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(random.expovariate(95 / 6))


ts = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("loadgen", counts, file=sys.stderr)
