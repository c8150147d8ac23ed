"""loadgen.py PORT0 PORT1 SECONDS: the balancer in front of tessellate's two workers, 5 client threads, ~26 requests/s
in all: plot tiles (~55%, either worker), mosaics (~8%, either worker), partner survey webhooks (~30%, always worker 1:
the partner's IP range is pinned there), health checks (~7%). Connection: close. A refused connection (a worker being
replaced during a deploy) is retried on the other worker, or dropped for webhooks. Traffic is steady."""
import http.client, random, sys, threading, time

ports, seconds = [int(sys.argv[1]), int(sys.argv[2])], float(sys.argv[3])
end = time.time() + seconds

def send(port, method, path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, body=body)
    c.getresponse().read()
    c.close()

def client(k):
    rng = random.Random(k * 7919 + 11)
    while time.time() < end:
        roll = rng.random()
        plot = "PL%06d" % rng.randrange(400000)
        body, w = None, rng.randrange(2)
        if roll < 0.55:
            method, path = "GET", "/plots/%s/tile/%d/%d/%d" % (plot, rng.randint(12, 18), rng.randrange(4096), rng.randrange(4096))
        elif roll < 0.63:
            method, path = "GET", "/plots/%s/mosaic" % plot
        elif roll < 0.93:
            method, path, body, w = "POST", "/hooks/survey-sync", b'{"survey":"%s"}' % plot.encode(), 1
        else:
            method, path = "GET", "/healthz"
        try:
            send(ports[w], method, path, body)
        except OSError:
            if w == 0 or method == "GET":
                try:
                    send(ports[1 - w], method, path, body)
                except OSError:
                    pass
        time.sleep(rng.uniform(0.10, 0.28))

ts = [threading.Thread(target=client, args=(k,)) for k in range(5)]
for t in ts: t.start()
for t in ts: t.join()
