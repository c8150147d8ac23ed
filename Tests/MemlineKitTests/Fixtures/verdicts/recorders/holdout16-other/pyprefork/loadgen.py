#!/usr/bin/env python3
"""Load for fernway: 5 client threads for SECONDS, ~15 requests/s in all: trails 52%, geocode 36%, tiles 2.5%,
healthz the rest.   python3 loadgen.py PORT SECONDS"""
import random
import sys
import threading
import time
import urllib.request

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS
PLACES = ["glen-affric", "coire-lagan", "ben-alder", "loch-etive", "sgurr-dearg", "an-teallach", "beinn-eighe"]


def client(n):
    rnd = random.Random(n * 7919)
    while time.monotonic() < end:
        r = rnd.random()
        if r < 0.52:
            path = f"/v2/trails/{rnd.randint(1, 9000)}"
        elif r < 0.88:
            path = f"/v2/geocode?q={rnd.choice(PLACES)}-{rnd.randint(1, 40)}&lang=en"
        elif r < 0.905:
            path = f"/v2/tiles/{rnd.randint(9, 13)}/{rnd.randint(100, 900)}/{rnd.randint(100, 900)}"
        else:
            path = "/healthz"
        req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"X-Session": f"s{n}-{rnd.randint(1, 99)}"})
        try:
            urllib.request.urlopen(req, timeout=10).read()
        except Exception as e:  # noqa: BLE001
            print("loadgen:", path, e, file=sys.stderr)
        time.sleep(rnd.uniform(0.12, 0.52))


ts = [threading.Thread(target=client, args=(i,)) for i in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
