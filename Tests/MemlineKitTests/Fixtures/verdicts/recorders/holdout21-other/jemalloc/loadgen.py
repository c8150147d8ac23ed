#!/usr/bin/env python3
"""Harbour apps for saltcote:  python3 loadgen.py PORT SECONDS
6 client threads, one HTTP/1.0 request per connection every 60-140 ms: GET /v2/tides/<port> 55%,
/v2/berths/<id> 40%, /healthz 5%. One export thread GETs /v2/exports/manifest every 14-22 s (the port
authority's customs sync)."""
import random
import socket
import sys
import threading
import time

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS
PORTS = ["falmouth", "fowey", "penzance", "newlyn", "padstow", "looe", "mevagissey", "truro"]


def get(path, timeout=10):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    s.sendall(f"GET {path} HTTP/1.0\r\nHost: saltcote\r\nX-Trace-Tags: app=harbourmaster;rel=5.2\r\n\r\n".encode())
    while s.recv(4096):
        pass
    s.close()


def client(n):
    rnd = random.Random(n * 7919)
    while time.monotonic() < end:
        r = rnd.random()
        try:
            if r < 0.55:
                get(f"/v2/tides/{rnd.choice(PORTS)}")
            elif r < 0.95:
                get(f"/v2/berths/{rnd.randint(1, 240)}")
            else:
                get("/healthz")
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(rnd.uniform(0.06, 0.14))


def exporter():
    time.sleep(9)
    while time.monotonic() < end - 6:
        try:
            get("/v2/exports/manifest", timeout=30)
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(random.uniform(14, 22))


ts = [threading.Thread(target=client, args=(i,)) for i in range(6)] + [threading.Thread(target=exporter)]
for t in ts:
    t.start()
for t in ts:
    t.join()
