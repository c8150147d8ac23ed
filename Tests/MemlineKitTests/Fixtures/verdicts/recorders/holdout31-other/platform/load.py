"""Customers of ottermere: ~40 req/s through the router, a fifth of them invoice downloads; ops pull the orders
export at EXPORTS (comma-separated seconds). usage: load.py ROUTER_PORT SECONDS EXPORTS"""
import http.client, random, sys, threading, time
port, seconds = int(sys.argv[1]), float(sys.argv[2]); exports = [float(x) for x in sys.argv[3].split(",")]
rnd = random.Random(3188); t0 = time.monotonic(); stop = t0 + seconds; n = {}


def get(path):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60); c.request("GET", path); r = c.getresponse(); r.read(); c.close()
        k = path.split("/")[1] + ("/invoice" if path.endswith(".pdf") else ""); n[k] = n.get(k, 0) + 1
    except OSError: pass


def customers():
    while time.monotonic() < stop:
        oid = rnd.randint(100000, 999999)
        get(f"/orders/{oid}/invoice.pdf" if rnd.random() < 0.22 else f"/orders/{oid}")
        time.sleep(rnd.expovariate(10))


ths = [threading.Thread(target=customers) for _ in range(4)]
for t in ths: t.start()
for at in exports:
    time.sleep(max(0, t0 + at - time.monotonic())); threading.Thread(target=get, args=("/exports/orders.csv",)).start()
for t in ths: t.join()
print(n)
