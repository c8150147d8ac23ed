"""Load for dunlow: python3 loadgen.py PORT SECONDS REPORT_AT REPORT_AGAIN_AT
Poisson streams per endpoint over fresh connections; the nightly report is requested at REPORT_AT s and again at
REPORT_AGAIN_AT s. Counts per endpoint go to stderr."""
import http.client
import json
import math
import random
import sys
import threading
import time

PORT, SECONDS, R1, R2 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
START = time.time()
counts, lock = {}, threading.Lock()


def call(verb, path, body=None, ua="dunlow-portal/2.3"):
    try:
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        c.request(verb, path, body=body, headers={"User-Agent": ua, "Content-Type": "application/json"})
        c.getresponse().read()
        c.close()
        with lock:
            counts[path.split("?")[0] if not path.startswith("/api/claims/C") else "/api/claims/:id"] = \
                counts.get(path.split("?")[0] if not path.startswith("/api/claims/C") else "/api/claims/:id", 0) + 1
    except OSError as e:
        print("error", path, e, file=sys.stderr)


def intake():
    ref = f"CL-{random.randint(10**6, 10**7)}"
    photos = [{"name": f"img{i}.jpg", "exif": "a" * random.randint(5000, 12000)} for i in range(random.randint(4, 10))]
    return json.dumps({"claim_ref": ref, "policy": f"P{random.randint(1, 10**6):07d}", "photos": photos}).encode()


def stream(rate, make):
    def run():
        while time.time() < START + SECONDS:
            threading.Thread(target=make, daemon=True).start()
            time.sleep(-math.log(1 - random.random()) / rate)
    t = threading.Thread(target=run)
    t.start()
    return t


def report(at):
    time.sleep(max(START + at - time.time(), 0))
    call("GET", "/reports/nightly-reconcile", ua="dunlow-cron/1.0")


ts = [stream(4.0, lambda: call("POST", "/api/claims/intake", intake(), ua="dunlow-intake-gw/1.8")),
      stream(10.0, lambda: call("GET", f"/api/claims/C{random.randint(1, 90000)}")),
      stream(5.0, lambda: call("GET", "/api/policies/search?q=" + random.choice(["motor", "home", "travel", "pet"])))]
rs = [threading.Thread(target=report, args=(a,)) for a in (R1, R2)]
for t in rs:
    t.start()
for t in ts + rs:
    t.join()
time.sleep(1)
print(json.dumps(counts), file=sys.stderr)
