#!/usr/bin/env python3
"""Load for tidecast: ~30 requests/s (Poisson) for SECONDS over a fixed mix; forecasts for 640 stations
(60% for 40 hot stations, the rest spread over 600); EXPORT_AT s after the start one GET /v1/export/harmonics.nc.
Connection errors (the restart) are retried after 0.2 s.   loadgen.py PORT SECONDS EXPORT_AT"""
import http.client
import math
import random
import sys
import threading
import time

PORT, SECONDS, EXPORT_AT = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
RATE = 30.0
T0 = time.time()
UAS = ["tidewatch-ios/5.2", "tidewatch-android/5.2.1", "harbourmaster-web/1.9", "curl/7.88.1"]
rng = random.Random(42)


def station():
    return 1000 + (rng.randrange(40) if rng.random() < 0.6 else rng.randrange(40, 640))


def get(path):
    for _ in range(20):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            c.request("GET", path, headers={"User-Agent": rng.choice(UAS),
                                            "X-Forwarded-For": f"203.0.113.{rng.randint(1, 254)}"})
            c.getresponse().read()
            c.close()
            return
        except OSError:
            time.sleep(0.2)


def mix():
    r = rng.random()
    if r < 0.72:
        return f"/v1/stations/{station()}/forecast"
    if r < 0.92:
        return f"/v1/stations/{station()}"
    return "/healthz"


threading.Timer(EXPORT_AT, get, args=("/v1/export/harmonics.nc",)).start()
while time.time() - T0 < SECONDS:
    threading.Thread(target=get, args=(mix(),), daemon=True).start()
    time.sleep(-math.log(1 - rng.random()) / RATE)
time.sleep(1)
