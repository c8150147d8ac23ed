#!/usr/bin/env python3
"""ashgrove 2.11.0, a delivery-routing API for memline's h21-python incident (stdlib ThreadingHTTPServer).
   python3 ashgrove.py PORT ACCESS_LOG
GET /api/geocode?q=<address>  geocodes an address; the result (candidates with their parcel outlines, ~30-60 KB)
                              is memoised in GEOCODE_CACHE keyed by the raw q string, never evicted (the leak:
                              couriers type free-form addresses, almost every q is new)
GET /api/route/solve?stops=N  solves a delivery tour by brute-force 2-opt: 1-3 s of CPU, little memory
GET /api/depots/<id>, GET /healthz
Access log: nginx combined with $request_time appended, written by the app (no pid)."""
import hashlib
import http.server
import math
import random
import sys
import threading
import time
import urllib.parse

PORT, ACCESS_LOG = int(sys.argv[1]), sys.argv[2]
GEOCODE_CACHE = {}
log_lock = threading.Lock()
log = open(ACCESS_LOG, "a", buffering=1)


def geocode(q):
    hit = GEOCODE_CACHE.get(q)
    if hit is not None:
        return hit
    seed = int(hashlib.sha1(q.encode()).hexdigest()[:8], 16)
    rnd = random.Random(seed)
    cands = []
    for i in range(rnd.randint(3, 6)):
        outline = [(rnd.uniform(-2.7, -2.5), rnd.uniform(53.3, 53.5)) for _ in range(rnd.randint(60, 110))]
        cands.append({"rank": i, "label": f"{q} #{i}", "score": rnd.random(), "outline": outline,
                      "raw": bytes(rnd.getrandbits(8) for _ in range(1500))})
    GEOCODE_CACHE[q] = cands
    return cands


def solve(stops):
    rnd = random.Random(stops)
    pts = [(rnd.random(), rnd.random()) for _ in range(stops)]
    d = lambda a, b: math.dist(pts[a], pts[b])
    best = math.inf
    for _ in range(stops // 5):  # random restarts
        tour = list(range(stops))
        rnd.shuffle(tour)
        best = min(best, two_opt(tour, d, stops))
    return best


def two_opt(tour, d, stops):
    improved, passes = True, 0
    while improved and passes < 6:
        improved, passes = False, passes + 1
        for i in range(1, stops - 2):
            for j in range(i + 1, stops):
                if d(tour[i - 1], tour[i]) + d(tour[j], tour[(j + 1) % stops]) > \
                   d(tour[i - 1], tour[j]) + d(tour[i], tour[(j + 1) % stops]) + 1e-12:
                    tour[i:j + 1] = reversed(tour[i:j + 1])
                    improved = True
    return sum(d(tour[k], tour[(k + 1) % stops]) for k in range(stops))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def do_GET(self):
        t0 = time.monotonic()
        u = urllib.parse.urlsplit(self.path)
        qs = urllib.parse.parse_qs(u.query)
        status, body = 200, b'{"ok":true}'
        if u.path == "/api/geocode":
            c = geocode(qs.get("q", [""])[0])
            body = ('{"candidates":%d,"best":"%s"}' % (len(c), c[0]["label"].replace('"', ''))).encode()
        elif u.path == "/api/route/solve":
            body = ('{"length":%.4f}' % solve(int(qs.get("stops", ["60"])[0]))).encode()
        elif u.path.startswith("/api/depots/"):
            body = ('{"depot":"%s","open":true}' % u.path[12:]).encode()
        elif u.path != "/healthz":
            status, body = 404, b'{"error":"not found"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        rt = time.monotonic() - t0
        ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        with log_lock:
            log.write('%s - - [%s] "GET %s HTTP/1.0" %d %d "-" "%s" %.3f\n' % (
                self.client_address[0], ts, self.path, status, len(body), self.headers.get("User-Agent", "-"), rt))


srv = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
srv.daemon_threads = True
srv.serve_forever()
