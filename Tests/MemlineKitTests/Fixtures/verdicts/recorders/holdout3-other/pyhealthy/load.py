"""Drives menuapi through nginx for SECONDS: 6 client threads, ~30 requests/s over a fixed mix."""
import http.client
import json
import random
import sys
import threading
import time

port = int(sys.argv[1])
seconds = float(sys.argv[2])
end = time.time() + seconds
UAS = ["Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
       "menuapp-android/7.3.1 (Pixel 7; Android 14)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Safari/604.1"]


def one(rng):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    r = rng.random()
    hdr = {"User-Agent": rng.choice(UAS)}
    if r < 0.70:
        conn.request("GET", "/menus/%d" % rng.randint(1, 180), headers=hdr)
    elif r < 0.90:
        body = json.dumps({"restaurant": rng.randint(1, 180), "items": [rng.randint(1, 60000) for _ in range(4)]})
        conn.request("POST", "/orders", body=body, headers=dict(hdr, **{"Content-Type": "application/json"}))
    elif r < 0.985:
        conn.request("GET", "/healthz", headers={"User-Agent": "kube-probe/1.28"})
    else:
        conn.request("GET", "/reports/daily.csv", headers={"User-Agent": "python-requests/2.31.0"})
    resp = conn.getresponse()
    resp.read()
    conn.close()


def client(i):
    rng = random.Random(i * 7919)
    while time.time() < end:
        try:
            one(rng)
        except OSError:
            pass
        time.sleep(rng.expovariate(5.0))


threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
