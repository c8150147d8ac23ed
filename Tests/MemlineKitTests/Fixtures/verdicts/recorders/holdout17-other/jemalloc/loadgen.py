"""loadgen.py PORT SECONDS: drives ironwick with 4 client threads, ~22 requests/s in all: document metadata (~62%),
uploads (~18%), page thumbnails (~20%), Connection: close. Traffic is steady: nothing in it follows the leak."""
import http.client, random, sys, threading, time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + seconds

def client(k):
    rng = random.Random(k * 104729)
    while time.time() < end:
        roll = rng.random()
        doc = "DOC-%07d" % rng.randrange(3000000)
        if roll < 0.20:
            method, path = "GET", "/v2/docs/%s/thumbnail" % doc
        elif roll < 0.38:
            method, path = "POST", "/v2/docs"
        else:
            method, path = "GET", "/v2/docs/%s" % doc
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request(method, path, body=b"{}" if method == "POST" else None)
            c.getresponse().read()
            c.close()
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(rng.uniform(0.10, 0.26))

ts = [threading.Thread(target=client, args=(k,)) for k in range(4)]
for t in ts: t.start()
for t in ts: t.join()
