"""Drives fleetd through nginx for SECONDS from distinct loopback source addresses (nginx hashes $remote_addr):
  36 app/dashboard clients 127.0.1.1-36: GET /v1/vehicles/<id> (70%), POST /v1/trips (22%), GET /healthz (8%),
     ~0.6 requests/s each;
  5 dispatcher desks 127.0.2.11-15: GET /v1/reports/utilization.csv every ~25-35 s each (after a random start);
  the fleet gateway 127.0.7.21: POST /v1/gateway/telemetry, a new batch of 250-500 GPS fixes every ~0.45 s.
    python3 load.py PORT SECONDS
"""
import http.client
import json
import random
import sys
import threading
import time

port = int(sys.argv[1])
seconds = float(sys.argv[2])
end = time.time() + seconds
UAS = ["fleet-driver-app/3.14.0 (Android 14; SM-A546B)", "fleet-driver-app/3.14.0 (iOS 17.1; iPhone14,5)",
       "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"]


def pause(seconds):
    time.sleep(max(0.0, min(seconds, end - time.time())))


def request(src, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(src, 0))
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    resp.read()
    conn.close()


def app_client(i):
    src = "127.0.1.%d" % i
    rng = random.Random(i * 104729)
    ua = rng.choice(UAS)
    pause(rng.random() * 2)
    while time.time() < end:
        r = rng.random()
        try:
            if r < 0.70:
                request(src, "GET", "/v1/vehicles/%d" % rng.randint(1, 12000), headers={"User-Agent": ua})
            elif r < 0.92:
                body = json.dumps({"vehicle": rng.randint(1, 12000), "km": round(rng.uniform(1, 240), 1),
                                   "driver": "d-%05d" % rng.randint(1, 40000)})
                request(src, "POST", "/v1/trips", body=body,
                        headers={"User-Agent": ua, "Content-Type": "application/json"})
            else:
                request(src, "GET", "/healthz", headers={"User-Agent": "kube-probe/1.28"})
        except OSError:
            pass
        pause(rng.expovariate(0.6))


def dispatcher(i):
    src = "127.0.2.%d" % i
    rng = random.Random(i * 7907)
    pause(3 + rng.random() * 25)
    while time.time() < end:
        try:
            request(src, "GET", "/v1/reports/utilization.csv",
                    headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36"})
        except OSError:
            pass
        pause(25 + rng.random() * 10)


def gateway():
    src = "127.0.7.21"
    rng = random.Random(21)
    seq = 0
    while time.time() < end:
        seq += 1
        fixes = [{"vehicle": rng.randint(1, 12000), "ts": "2026-12-06T%02d:%02d:%02d.%03dZ" % (14, rng.randint(0, 59),
                  rng.randint(0, 59), rng.randint(0, 999)), "lat": round(53.4 + rng.random() / 3, 6),
                  "lon": round(9.8 + rng.random() / 2, 6), "speed_kmh": rng.randint(0, 110), "heading": rng.randint(0, 359),
                  "ignition": rng.random() < 0.9, "odometer_km": rng.randint(1000, 400000),
                  "can": {"fuel_pct": rng.randint(3, 100), "coolant_c": rng.randint(60, 104), "rpm": rng.randint(600, 3800)}}
                 for _ in range(rng.randint(250, 500))]
        body = json.dumps({"batch_id": "gw-hh-01-%08d" % seq, "gateway": "gw-hh-01", "fixes": fixes})
        try:
            request(src, "POST", "/v1/gateway/telemetry", body=body,
                    headers={"User-Agent": "fleet-gateway/2.8.4", "Content-Type": "application/json"})
        except OSError:
            pass
        pause(0.45)


threads = [threading.Thread(target=app_client, args=(i,)) for i in range(1, 37)]
threads += [threading.Thread(target=dispatcher, args=(i,)) for i in range(11, 16)]
threads.append(threading.Thread(target=gateway))
for t in threads:
    t.start()
for t in threads:
    t.join()
