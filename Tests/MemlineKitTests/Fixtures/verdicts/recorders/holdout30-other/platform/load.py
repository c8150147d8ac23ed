"""fennick traffic through the router: ~RATE requests/s (class pages, bookings, Stripe webhooks ~1 in 3, some
retried deliveries) and GET /reports/monthly.pdf at the given offsets. usage: load.py PORT SECONDS RATE R1,R2"""
import http.client, json, random, sys, threading, time
port, seconds, rate = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
reports = [float(x) for x in sys.argv[4].split(",")]
rnd = random.Random(3012); counts = {}; sent_ids = []

def call(method, path, body=None):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        c.getresponse().read(); c.close()
        counts[path.split("/")[1] + " " + method] = counts.get(path.split("/")[1] + " " + method, 0) + 1
    except OSError as e:
        counts["error"] = counts.get("error", 0) + 1

def event():
    if sent_ids and rnd.random() < 0.08: eid = rnd.choice(sent_ids)
    else: eid = f"evt_1Q{rnd.getrandbits(80):020x}"; sent_ids.append(eid)
    lines = [{"id": f"il_{rnd.getrandbits(48):012x}", "amount": rnd.randint(900, 9000), "description": f"Class pass {i}",
              "period": {"start": 1764547200, "end": 1767225600}, "metadata": {"gym": str(rnd.randint(1, 97))}} for i in range(60)]
    return json.dumps({"id": eid, "object": "event", "type": "invoice.paid", "created": int(time.time()),
                       "data": {"object": {"id": f"in_{rnd.getrandbits(64):016x}", "customer": f"cus_{rnd.getrandbits(48):012x}",
                                           "lines": {"data": lines}}}}).encode()

t0 = time.monotonic(); n = 0
for r in reports:
    threading.Timer(r, call, ("GET", "/reports/monthly.pdf")).start()
while time.monotonic() - t0 < seconds:
    x = rnd.random()
    if x < 0.5: call("POST", "/webhooks/stripe", event())
    elif x < 0.62: call("POST", "/api/bookings", json.dumps({"class": rnd.randint(1, 5000)}).encode())
    else: call("GET", f"/api/classes/{rnd.randint(1, 5000)}")
    n += 1
    lag = t0 + n / rate - time.monotonic()
    if lag > 0: time.sleep(lag)
time.sleep(3)
print(counts)
