#!/usr/bin/env python3
"""Flood-desk traffic for thornfield:  python3 loadgen.py PORT SECONDS SPIKE_AT SPIKE_LEN
4 threads, ~9 requests/s (gauges 60%, forecasts 35%, healthz 5%), a bulk forecast every ~25 s; from SPIKE_AT for
SPIKE_LEN s a flood warning brings 5 more threads hammering /api/forecast/bulk (~6/s) and doubles the rest.
Connection errors (the deploy restart) are counted and retried."""
import random
import sys
import threading
import time
import urllib.request

PORT, SECONDS, SPIKE_AT, SPIKE_LEN = (int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]))
start = time.monotonic()
end = start + SECONDS
errors = [0]


def get(path):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=15).read()
    except Exception:  # noqa: BLE001
        errors[0] += 1
        time.sleep(0.3)


def in_spike():
    t = time.monotonic() - start
    return SPIKE_AT <= t < SPIKE_AT + SPIKE_LEN


def client(n):
    rnd = random.Random(n * 2741)
    while time.monotonic() < end:
        r = rnd.random()
        if r < 0.6:
            get(f"/api/gauges/{rnd.randint(1, 3000)}")
        elif r < 0.95:
            get(f"/api/forecast/{rnd.choice(['severn', 'wye', 'usk', 'teme', 'lugg', 'avon'])}")
        else:
            get("/healthz")
        time.sleep(rnd.uniform(0.2, 0.7) / (2 if in_spike() else 1))


def bulk_regular():
    time.sleep(12)
    while time.monotonic() < end - 5:
        get("/api/forecast/bulk")
        time.sleep(random.uniform(22, 28))


def bulk_spike(n):
    rnd = random.Random(n)
    while time.monotonic() < start + SPIKE_AT:
        time.sleep(0.2)
    while in_spike():
        get("/api/forecast/bulk")
        time.sleep(rnd.uniform(0.05, 0.3))


ts = [threading.Thread(target=client, args=(i,)) for i in range(4)] + [threading.Thread(target=bulk_regular)]
ts += [threading.Thread(target=bulk_spike, args=(i,)) for i in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(f"loadgen: {errors[0]} failed requests (retried)", file=sys.stderr)
