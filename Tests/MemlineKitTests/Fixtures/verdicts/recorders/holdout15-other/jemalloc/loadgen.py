"""loadgen.py PORT SECONDS: drives coldroom with 3 client threads, ~42 requests/s in all: pallet lookups (~70%),
temperature readings (~27.5%) and lot recalls (1 in 40), Connection: close."""
import http.client, random, sys, threading, time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + seconds

def client(k):
    rng = random.Random(k * 7919)
    n = 0
    while time.time() < end:
        n += 1
        roll = rng.random()
        if roll < 0.025:
            method, path = "POST", "/recalls/LOT-%05d" % rng.randrange(99999)
        elif roll < 0.30:
            method, path = "POST", "/readings?probe=%d" % rng.randrange(400)
        else:
            method, path = "GET", "/pallets/PAL-%06d" % rng.randrange(250000)
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request(method, path, body=b"" if method == "POST" else None)
            c.getresponse().read()
            c.close()
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(rng.uniform(0.04, 0.10))

ts = [threading.Thread(target=client, args=(k,)) for k in range(3)]
for t in ts: t.start()
for t in ts: t.join()
