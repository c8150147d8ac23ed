#!/usr/bin/env python3
"""Clients of tidewell:  python3 loadgen.py PORT SECONDS
- 'stationgw/2.4' (the station gateway): ONE keep-alive HTTP/1.1 connection, POST /api/v2/telemetry/batch
  every 0.15-0.3 s (120-240 readings a batch), reconnecting only if the connection drops;
- 4 dashboard threads ('skyboard/7'), a new connection per request (Connection: close) every 0.1-0.25 s:
  GET /api/v2/stations/<id> 60%, /api/v2/forecast 35%, /healthz 5%;
- 1 back-office thread: GET /api/v2/reports/monthly every 5-9 s."""
import http.client, json, random, sys, threading, time
PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS
def gateway():
    rnd = random.Random(11); c = None; b = 0
    while time.monotonic() < end:
        try:
            if c is None: c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            b += 1
            body = json.dumps({"station": "ST-%03d" % rnd.randint(1, 80), "batch_id": "gw-%08d" % b,
                               "readings": [{"t": time.time() - i, "temp": rnd.uniform(-5, 25), "wind": rnd.uniform(0, 30),
                                             "press": rnd.uniform(980, 1040)} for i in range(rnd.randint(120, 240))]})
            c.request("POST", "/api/v2/telemetry/batch", body, {"Content-Type": "application/json", "User-Agent": "stationgw/2.4"})
            c.getresponse().read()
        except (OSError, http.client.HTTPException) as e:
            print("gateway:", e, file=sys.stderr); c = None
        time.sleep(rnd.uniform(0.15, 0.3))
def one(path, ua, timeout=15):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    c.request("GET", path, headers={"Connection": "close", "User-Agent": ua}); c.getresponse().read(); c.close()
def dash(n):
    rnd = random.Random(n * 31)
    while time.monotonic() < end:
        r = rnd.random()
        try:
            if r < 0.6: one("/api/v2/stations/ST-%03d" % rnd.randint(1, 80), "skyboard/7")
            elif r < 0.95: one("/api/v2/forecast?cell=%d" % rnd.randint(1, 4000), "skyboard/7")
            else: one("/healthz", "kube-probe/1.27")
        except (OSError, http.client.HTTPException) as e: print("dash:", e, file=sys.stderr)
        time.sleep(rnd.uniform(0.1, 0.25))
def office():
    time.sleep(4)
    while time.monotonic() < end - 4:
        try: one("/api/v2/reports/monthly", "ledgerbi/3.0")
        except (OSError, http.client.HTTPException) as e: print("office:", e, file=sys.stderr)
        time.sleep(random.uniform(5, 9))
ts = [threading.Thread(target=gateway), threading.Thread(target=office)] + [threading.Thread(target=dash, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
