"""Tenants and agents browsing harwick: ~30 listing pages/s over 40,000 listings, ~8 photo uploads/s (a quarter
shot in portrait on phones: EXIF orientation 6 or 8). usage: load.py PORT SECONDS"""
import http.client, json, random, sys, threading, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
rnd = random.Random(3131); stop = time.monotonic() + seconds; n = {"get": 0, "post": 0}


def call(method, path, body=None):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        c.getresponse().read(); c.close()
    except OSError: time.sleep(0.2)


def pages():
    while time.monotonic() < stop:
        call("GET", f"/listings/{rnd.randint(1, 40000)}"); n["get"] += 1; time.sleep(rnd.expovariate(15))


def photos():
    while time.monotonic() < stop:
        o = rnd.choice([1, 1, 1, 1, 1, 3, 6, 8]) if rnd.random() < 0.9 else 1
        call("POST", f"/listings/{rnd.randint(1, 40000)}/photos", json.dumps({"width": 4032, "height": 3024, "orientation": o, "name": "IMG.jpg"}))
        n["post"] += 1; time.sleep(rnd.expovariate(4))


ths = [threading.Thread(target=pages) for _ in range(2)] + [threading.Thread(target=photos) for _ in range(2)]
for t in ths: t.start()
for t in ths: t.join()
print(n)
