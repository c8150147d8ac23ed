#!/usr/bin/env python3
"""Load for ledgerly: ~26 requests/s (Poisson) for SECONDS over a fixed mix: 55% expense pages, 15% single
expenses, 22% receipt OCR (POST, 30-90 KB bodies), 4% card reconciliation (POST), 4% /healthz.
    loadgen.py PORT SECONDS"""
import http.client
import math
import random
import sys
import threading
import time

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
RATE = 26.0
T0 = time.time()
UAS = ["ledgerly-ios/3.8.0", "ledgerly-android/3.8.1", "ledgerly-web/2026.11", "python-requests/2.31.0"]
rng = random.Random(1207)


def call(method, path, body=b""):
    try:
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        c.request(method, path, body=body or None, headers={"User-Agent": rng.choice(UAS),
                                                            "X-Forwarded-For": f"198.51.100.{rng.randint(1, 254)}"})
        c.getresponse().read()
        c.close()
    except OSError:
        pass


def mix():
    r = rng.random()
    if r < 0.55:
        return "GET", f"/api/v3/expenses?page={rng.randint(1, 40)}", b""
    if r < 0.70:
        return "GET", f"/api/v3/expenses/{rng.randint(10000, 99999)}", b""
    if r < 0.92:
        return "POST", f"/api/v3/receipts/{rng.randint(500000, 999999)}/ocr", b"\xff" * rng.randint(30000, 90000)
    if r < 0.96:
        return "POST", f"/api/v3/cards/{rng.randint(1000, 9999)}/reconcile", b'{"statement":"2026-11"}'
    return "GET", "/healthz", b""


while time.time() - T0 < SECONDS:
    threading.Thread(target=call, args=mix(), daemon=True).start()
    time.sleep(-math.log(1 - rng.random()) / RATE)
time.sleep(1.5)
