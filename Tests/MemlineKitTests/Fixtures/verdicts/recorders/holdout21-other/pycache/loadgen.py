#!/usr/bin/env python3
"""Couriers and dispatchers for ashgrove:  python3 loadgen.py PORT SECONDS
4 courier threads: GET /api/geocode?q=<a free-form address> (92% new addresses, 8% repeats) or /api/depots/<id>
every 80-200 ms; 1 dispatcher thread: GET /api/route/solve?stops=140-190 every 6-10 s; /healthz every 5 s."""
import random
import sys
import threading
import time
import urllib.parse
import urllib.request

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS
STREETS = ["Mill Lane", "Station Road", "Church Street", "Ashgrove Ave", "High St", "Quarry Row", "Vicarage Close"]
seen = []


def get(path, ua, timeout=30):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"User-Agent": ua})
    try:
        urllib.request.urlopen(req, timeout=timeout).read()
    except OSError as e:
        print("loadgen:", e, file=sys.stderr)


def courier(n):
    rnd = random.Random(n * 31 + 5)
    while time.monotonic() < end:
        if rnd.random() < 0.8:
            if seen and rnd.random() < 0.08:
                q = rnd.choice(seen)
            else:
                q = f"{rnd.randint(1, 420)} {rnd.choice(STREETS)}, flat {rnd.randint(1, 40)}, {rnd.choice(['Ashgrove', 'Holmfirth', 'Marsden'])} HD{rnd.randint(1, 9)} {rnd.randint(1, 9)}{rnd.choice('ABDEFG')}{rnd.choice('HJLNPQ')}"
                seen.append(q)
            get("/api/geocode?q=" + urllib.parse.quote(q), "courier-app/4.7")
        else:
            get(f"/api/depots/{rnd.randint(1, 12)}", "courier-app/4.7")
        time.sleep(rnd.uniform(0.08, 0.2))


def dispatcher():
    rnd = random.Random(99)
    time.sleep(4)
    while time.monotonic() < end - 3:
        get(f"/api/route/solve?stops={rnd.randint(140, 190)}", "dispatch-console/2.0", timeout=60)
        time.sleep(rnd.uniform(6, 10))


def health():
    while time.monotonic() < end:
        get("/healthz", "kube-probe/1.28")
        time.sleep(5)


ts = [threading.Thread(target=courier, args=(i,)) for i in range(4)]
ts += [threading.Thread(target=dispatcher), threading.Thread(target=health)]
for t in ts:
    t.start()
for t in ts:
    t.join()
