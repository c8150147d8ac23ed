"""Drives the catalog API through nginx: 4 client threads, a realistic endpoint mix."""
import http.client
import json
import random
import sys
import threading
import time

port = int(sys.argv[1])
seconds = float(sys.argv[2])
end = time.time() + seconds
UAS = ["Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
       "catalog-ios/4.12 (iPhone; iOS 17.1)", "python-requests/2.28.1", "Mozilla/5.0 (Macintosh) Safari/605.1.15"]


def one(conn, rng):
    r = rng.random()
    ua = rng.choice(UAS)
    hdr = {"User-Agent": ua}
    if r < 0.40:
        conn.request("GET", "/api/items/%d" % rng.randint(1, 99999), headers=hdr)
    elif r < 0.58:
        conn.request("GET", "/api/search?q=Item+%d" % rng.randint(1, 400), headers=hdr)
    elif r < 0.76:
        body = json.dumps({"type": "view", "item": rng.randint(1, 5000)})
        conn.request("POST", "/api/events", body=body, headers=dict(hdr, **{"Content-Type": "application/json"}))
    elif r < 0.86:
        conn.request("GET", "/static/app.%s.js" % rng.choice(["3f9a1c", "3f9a1c", "b77e02"]), headers=hdr)
    elif r < 0.92:
        conn.request("GET", "/healthz", headers={"User-Agent": "kube-probe/1.27"})
    elif r < 0.96:
        body = json.dumps({"src": "s3://media/%d.jpg" % rng.randint(1, 10**6), "w": rng.choice([480, 640, 720]),
                           "h": rng.choice([360, 480])})
        conn.request("POST", "/render/thumbnail", body=body, headers=dict(hdr, **{"Content-Type": "application/json"}))
    elif r < 0.975:
        conn.request("GET", "/export.json?since=2026-10-01", headers=hdr)
    else:
        conn.request("GET", "/api/items/%d/reviews" % rng.randint(1, 5000), headers=hdr)
    resp = conn.getresponse()
    resp.read()


def client(i):
    rng = random.Random(1000 + i)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.time() < end:
        try:
            one(conn, rng)
        except Exception:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        time.sleep(rng.uniform(0.05, 0.45))


ts = [threading.Thread(target=client, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
