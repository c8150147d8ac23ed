#!/usr/bin/env python3
"""Load for brindlecove: an edge proxy stand-in that sends webhooks from six tenants and pins each tenant to one
worker (tenant routing table below), ~RATE requests/s, for SECONDS s.
    python3 edgeproxy.py BASE_PORT SECONDS [RATE]
Only marlpit-dairy's integration sends X-Replay-Id on its POST /v1/hooks (its retries are replay-protected)."""
import http.client
import json
import math
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

BASE, SECONDS = int(sys.argv[1]), float(sys.argv[2])
RATE = float(sys.argv[3]) if len(sys.argv) > 3 else 110
ROUTE = {"oakhollow-vets": 0, "fenmarket": 0, "teasel-print": 0, "wrenfield-ice": 1, "marlpit-dairy": 1,
         "cobnut-books": 0}
SHARE = {"oakhollow-vets": 22, "fenmarket": 18, "teasel-print": 14, "wrenfield-ice": 22, "marlpit-dairy": 16,
         "cobnut-books": 8}
sent = {"ok": 0, "err": 0}
lock = threading.Lock()


def one(tenant):
    port = BASE + ROUTE[tenant]
    headers = {"X-Tenant": tenant, "Content-Type": "application/json"}
    r = random.random()
    if r < 0.62:
        ev = {"event": random.choice(["order.paid", "order.shipped", "refund.created", "stock.low"]),
              "id": random.randint(10**6, 10**7), "lines": [{"sku": f"SKU{random.randint(1, 9999)}",
                                                             "qty": random.randint(1, 9)} for _ in range(random.randint(20, 90))]}
        body = json.dumps(ev).encode()
        if tenant == "marlpit-dairy":
            headers["X-Replay-Id"] = f"mp-{random.getrandbits(48):012x}"
        method, path = "POST", "/v1/hooks"
    elif r < 0.95:
        body, method, path = None, "GET", f"/v1/hooks/{random.randint(10**6, 10**7)}/status"
    else:
        body, method, path = None, "GET", "/healthz"
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request(method, path, body=body, headers=headers)
        c.getresponse().read()
        c.close()
        k = "ok"
    except OSError:
        k = "err"
    with lock:
        sent[k] += 1


tenants = list(SHARE)
weights = [SHARE[t] for t in tenants]
end = time.time() + SECONDS
with ThreadPoolExecutor(12) as pool:
    while time.time() < end:
        pool.submit(one, random.choices(tenants, weights)[0])
        time.sleep(-math.log(1 - random.random()) / RATE)
print("edgeproxy", sent, f"{(sent['ok'] + sent['err']) / SECONDS:.1f}/s", file=sys.stderr)
