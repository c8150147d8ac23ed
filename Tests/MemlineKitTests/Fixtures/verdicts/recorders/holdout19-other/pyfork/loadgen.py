#!/usr/bin/env python3
"""loadgen.py PORT SECONDS STOPFILE: drives dunmoor for SECONDS (or until STOPFILE exists, then 6 s more):
3 portal pollers (a new connection per request, ~4.5/s each) on GET /v1/consignments/<id>/status, 1 tariff client
(~2/s), a broker portal posting small attachments (new connection each, every ~1.6 s), and one customs-broker
integration holding ONE keep-alive connection that posts an attachment every ~1.1 s: about 1 in 4 is a scanned
bundle of 1.2-2.4 MB, the rest 6-60 KB. /healthz every 5 s."""
import http.client
import os
import random
import sys
import threading
import time

port, seconds, stopfile = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
end = time.monotonic() + seconds
stop_evt = threading.Event()
counts = {}


def alive():
    global end
    if os.path.exists(stopfile) and end - time.monotonic() > 6:
        end = time.monotonic() + 6
    return time.monotonic() < end


def one(method, path, body=None, ip="10.20.0.1"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request(method, path, body=body, headers={"X-Forwarded-For": ip, "Connection": "close"})
        c.getresponse().read()
    except OSError:
        pass
    finally:
        c.close()


def poller(k):
    r = random.Random(k)
    while alive():
        one("GET", f"/v1/consignments/CN{r.randint(100000, 999999)}/status", ip=f"10.20.1.{k + 10}")
        counts["status"] = counts.get("status", 0) + 1
        time.sleep(r.uniform(0.12, 0.32))


def tariff():
    r = random.Random(9)
    while alive():
        one("GET", f"/v1/tariff-lookup?code={r.randint(1000, 9999)}{r.randint(10, 99)}", ip="10.20.2.5")
        time.sleep(r.uniform(0.3, 0.7))


def portal():
    r = random.Random(11)
    while alive():
        one("POST", f"/v1/declarations/D{r.randint(700000, 799999)}/attachments",
            body=os.urandom(r.randint(4000, 40000)), ip="10.20.3.8")
        time.sleep(r.uniform(1.0, 2.2))


def health():
    while alive():
        one("GET", "/healthz", ip="10.20.0.2")
        time.sleep(5)


def broker():
    r = random.Random(23)
    c = None
    while alive():
        if c is None:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        n = r.randint(1_200_000, 2_400_000) if r.random() < 0.25 else r.randint(6000, 60000)
        try:
            c.request("POST", f"/v1/declarations/D{r.randint(800000, 899999)}/attachments", body=os.urandom(n),
                      headers={"X-Forwarded-For": "172.31.9.44", "Content-Type": "application/pdf"})
            c.getresponse().read()
        except (OSError, http.client.HTTPException):
            c.close()
            c = None
            time.sleep(1)
        time.sleep(r.uniform(0.7, 1.5))


ts = [threading.Thread(target=poller, args=(k,)) for k in range(3)]
ts += [threading.Thread(target=f) for f in (tariff, portal, health, broker)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(f"loadgen done: {counts}", file=sys.stderr)
