"""kestrelby web dyno (stdlib Python 3.11 ThreadingHTTPServer): the bird-survey site of memline's h23 platform
control. Reads PORT and RELEASE from the environment.

GET /checklists/<id>      loads the checklist's 10 sightings, each through the sightings cache: an LRU bounded at
                          3,200 entries of ~10 KB (OrderedDict, oldest evicted), so it fills in ~40 s and stays full
GET /species?q=...        a search over a generated list (garbage)
GET /exports/sightings.csv  builds a ~6 MB CSV in memory, 2-3 s, freed (slow, garbage)
GET /healthz
Every 15 s it prints a cache line (entries/bound, hits, misses, evictions) to stdout.
"""
import os
import random
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ["PORT"])
RELEASE = os.environ.get("RELEASE", "v?")
BOUND = 3200
cache, lock = OrderedDict(), threading.Lock()
stats = {"hits": 0, "misses": 0, "evictions": 0}


def sighting(sid):
    with lock:
        row = cache.get(sid)
        if row is not None:
            cache.move_to_end(sid)
            stats["hits"] += 1
            return row
    row = (f"sighting {sid};".encode() * 600)[: 9000 + sid % 2000]
    with lock:
        stats["misses"] += 1
        cache[sid] = row
        while len(cache) > BOUND:
            cache.popitem(last=False)
            stats["evictions"] += 1
    return row


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path.split("?")[0]
        if p.startswith("/checklists/"):
            cid = int(p.rsplit("/", 1)[1])
            rows = [sighting(cid * 10 + i) for i in range(10)]
            return self.send(200, b"%d sightings, %d bytes\n" % (len(rows), sum(map(len, rows))))
        if p == "/species":
            names = sorted(f"{random.choice(['wren', 'kite', 'tern', 'plover', 'shrike'])}-{random.random()}"
                           for _ in range(20000))
            return self.send(200, (names[0] + "\n").encode())
        if p == "/exports/sightings.csv":
            lines = [f"{i},{random.random():.6f},{'x' * 40}\n" for i in range(100000)]
            time.sleep(2.0)
            data = "".join(lines).encode()
            return self.send(200, data[:200])
        if p == "/healthz":
            return self.send(200, b"ok\n")
        return self.send(404, b"not found\n")


def report():
    while True:
        time.sleep(15)
        with lock:
            print(f"cache=sightings entries={len(cache)}/{BOUND} hits={stats['hits']} misses={stats['misses']} "
                  f"evictions={stats['evictions']}", flush=True)


srv = ThreadingHTTPServer(("127.0.0.1", PORT), H)
srv.daemon_threads = True
print(f"kestrelby {RELEASE} listening on port {PORT} (pid {os.getpid()})", flush=True)
threading.Thread(target=report, daemon=True).start()
srv.serve_forever()
