#!/usr/bin/env python3
"""The clients of fareboard for h8-python-release-memo: SECONDS of Poisson traffic at ~RATE requests/s through
nginx (127.0.0.1:PORT), 8 client threads, ~3,000 rotating sessions.
    python3 loadgen.py PORT SECONDS RATE
Mix: 62% search, 25% fare by id, 9% healthz; the finance dashboard pulls /api/reports/daily.csv every 6-9 s."""
import http.client
import math
import queue
import random
import sys
import threading
import time

PORT, SECONDS, RATE = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
END = time.time() + SECONDS
AIRPORTS = ["VIE", "FRA", "MUC", "ZRH", "BRU", "CDG", "AMS", "IST", "CPH", "LHR", "BCN", "FCO"]
q = queue.Queue()


def get(path, session=""):
    try:
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        c.request("GET", path, headers={"X-Session": session, "User-Agent": "fareboard-web/5.2 (+spa)"})
        c.getresponse().read()
        c.close()
    except OSError:
        pass


def worker():
    while True:
        item = q.get()
        if item is None:
            return
        get(*item)


def finance():
    while time.time() < END - 3:
        time.sleep(random.uniform(6, 9))
        get("/api/reports/daily.csv")


threads = [threading.Thread(target=worker) for _ in range(8)] + [threading.Thread(target=finance)]
for t in threads:
    t.start()
while time.time() < END:
    r = random.random()
    sess = f"s{random.randrange(3000):04d}"
    if r < 0.62:
        o, d = random.sample(AIRPORTS, 2)
        q.put((f"/api/fares/search?o={o}&d={d}&date=2027-01-{random.randint(2, 28):02d}&pax={random.randint(1, 4)}", sess))
    elif r < 0.87:
        q.put((f"/api/fares/{random.choice(AIRPORTS)}{random.choice(AIRPORTS)}{random.randint(1, 999):03d}", sess))
    else:
        q.put(("/healthz", ""))
    time.sleep(-math.log(1 - random.random()) / RATE)
for _ in range(8):
    q.put(None)
for t in threads:
    t.join()
