#!/usr/bin/env python3
"""Ferry desks for brinemoor:  python3 loadgen.py PORT SECONDS
4 client threads, one HTTP/1.0 request per connection every 80-180 ms: GET /v1/sailings/<route> 50%,
GET /v1/tickets/<id> 34%, POST /v1/tickets/refund 12% (a 1-3 KiB refund form), /healthz 4%."""
import random, socket, sys, threading, time
PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + SECONDS
ROUTES = ["stromness", "kirkwall", "lerwick", "scrabster", "aberdeen", "westray", "sanday"]
def send(raw):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10); s.sendall(raw)
    while s.recv(4096): pass
    s.close()
def client(n):
    rnd = random.Random(n * 104729)
    while time.monotonic() < end:
        r = rnd.random()
        try:
            if r < 0.50: send(f"GET /v1/sailings/{rnd.choice(ROUTES)} HTTP/1.0\r\nHost: brinemoor\r\n\r\n".encode())
            elif r < 0.84: send(f"GET /v1/tickets/T{rnd.randint(100000, 999999)} HTTP/1.0\r\nHost: brinemoor\r\n\r\n".encode())
            elif r < 0.96:
                form = "ticket=T%d&reason=%s&" % (rnd.randint(100000, 999999), "weather") + "x" * rnd.randint(1000, 3000)
                send(f"POST /v1/tickets/refund HTTP/1.0\r\nHost: brinemoor\r\nContent-Length: {len(form)}\r\n\r\n{form}".encode())
            else: send(b"GET /healthz HTTP/1.0\r\nHost: brinemoor\r\n\r\n")
        except OSError as e: print("loadgen:", e, file=sys.stderr)
        time.sleep(rnd.uniform(0.08, 0.18))
ts = [threading.Thread(target=client, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
