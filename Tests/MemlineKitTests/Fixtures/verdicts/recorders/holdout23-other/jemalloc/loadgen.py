"""Load for sorrelgate: python3 loadgen.py PORT SECONDS
- stock-sync: ONE connection opened at start and kept for the whole run, ~45 rate lookups/s with new SKUs (the
  warehouse sync client; whichever worker accepted it keeps its cache);
- portal clients: Poisson ~12 connections/s, each 1-4 rate lookups and 0-1 quote render, then close.
Counts go to stderr."""
import math
import random
import socket
import sys
import threading
import time

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
END = time.time() + SECONDS
counts, lock = {"sync_lookups": 0, "portal_conns": 0, "portal_lookups": 0, "renders": 0, "errors": 0}, threading.Lock()


def bump(k, n=1):
    with lock:
        counts[k] += n


def ask(s, f, line):
    s.sendall((line + "\n").encode())
    return f.readline()


def sync():
    s = socket.create_connection(("127.0.0.1", PORT))
    f = s.makefile("r")
    sku = 5_000_000
    while time.time() < END:
        sku += random.randint(1, 7)
        ask(s, f, f"GET /v1/rates/lookup sku={sku}")
        bump("sync_lookups")
        time.sleep(1 / 45)
    s.close()


def portal():
    try:
        s = socket.create_connection(("127.0.0.1", PORT))
        f = s.makefile("r")
        for _ in range(random.randint(1, 4)):
            ask(s, f, f"GET /v1/rates/lookup sku={random.randint(1, 400000)}")
            bump("portal_lookups")
        if random.random() < 0.7:
            ask(s, f, f"GET /v1/quotes/render id={random.randint(1, 99999)}")
            bump("renders")
        if random.random() < 0.1:
            ask(s, f, "GET /healthz")
        s.close()
        bump("portal_conns")
    except OSError:
        bump("errors")


t = threading.Thread(target=sync)
t.start()
while time.time() < END:
    threading.Thread(target=portal, daemon=True).start()
    time.sleep(-math.log(1 - random.random()) / 12.0)
t.join()
time.sleep(0.5)
print(counts, file=sys.stderr)
