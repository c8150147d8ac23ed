#!/usr/bin/env python3
"""tidecast 4.2.1: a tide-forecast API (stdlib Python 3.11, ThreadingHTTPServer) for memline's
h11-python-tidecast-restart-control incident (a HEALTHY control: nothing leaks).

    tidecast PORT ACCESS_LOG SERVICE_LOG

  GET /v1/stations/:id/forecast   the 72 h forecast of a station: computed from the harmonic constituents
                                  (~130 KB of strings) and kept in an LRU capped at 240 stations
                                  (ForecastCache): fills over the first ~20-40 s of each process life, then flat
  GET /v1/stations/:id            station metadata, small
  GET /v1/export/harmonics.nc     the full harmonics export: ~210 MB of rows built, written out over ~4 s, dropped
                                  (big bytes objects are mmapped by pymalloc/glibc and go back to the OS)
  GET /healthz
Access log: Apache combined + %D (microseconds), one line per request, written at the end of the request.
"""
import collections
import math
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, ACCESS, SERVICE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
CAP = 240
log_lock = threading.Lock()
acc = open(ACCESS, "a", buffering=1)
svc = open(SERVICE, "a", buffering=1)


def slog(msg):
    t = time.time()
    with log_lock:
        svc.write(time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1000):03d}Z tidecast[{os.getpid()}] {msg}\n")


class ForecastCache:
    def __init__(self, cap):
        self.cap, self.d, self.lock = cap, collections.OrderedDict(), threading.Lock()
        self.hits = self.misses = 0

    def get(self, key, build):
        with self.lock:
            if key in self.d:
                self.d.move_to_end(key)
                self.hits += 1
                return self.d[key]
        val = build(key)
        with self.lock:
            self.misses += 1
            self.d[key] = val
            while len(self.d) > self.cap:
                self.d.popitem(last=False)
        return val


CACHE = ForecastCache(CAP)


def forecast(station):
    rnd = random.Random(station)
    amps = [rnd.random() for _ in range(37)]
    pts = [sum(a * math.cos(i * 0.0145 * (k + 1)) for k, a in enumerate(amps[:6])) for i in range(1440)]
    return [f"{station}|{i}|{p:.4f}|" + "t" * 8 for i, p in enumerate(pts)]


def export():
    rows = [("harm;" + str(i) + ";").encode() + (b"h" * (1 << 20)) for i in range(210)]
    time.sleep(4.0)
    n = sum(len(r) for r in rows)
    del rows
    return n


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def do_GET(self):
        t0 = time.time()
        p = self.path.split("?")[0]
        parts = p.strip("/").split("/")
        status, body = 200, b"{}"
        if len(parts) == 4 and parts[:2] == ["v1", "stations"] and parts[3] == "forecast":
            f = CACHE.get(int(parts[2]), forecast)
            body = ("\n".join(f[:24])).encode()
        elif len(parts) == 3 and parts[:2] == ["v1", "stations"]:
            body = b'{"station":' + parts[2].encode() + b',"name":"x"}'
        elif p == "/v1/export/harmonics.nc":
            body = str(export()).encode()
        elif p == "/healthz":
            body = b"ok"
        else:
            status, body = 404, b"not found"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        us = int((time.time() - t0) * 1e6)
        ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(t0))
        ref = self.headers.get("Referer", "-")
        ua = self.headers.get("User-Agent", "-")
        with log_lock:
            acc.write(f'{self.headers.get("X-Forwarded-For", self.client_address[0])} - - [{ts}] '
                      f'"{self.command} {self.path} {self.request_version}" {status} {len(body)} "{ref}" "{ua}" {us}\n')


def stats():
    while True:
        time.sleep(10)
        with CACHE.lock:
            slog(f"info forecast_cache size={len(CACHE.d)}/{CAP} hits={CACHE.hits} misses={CACHE.misses}")


slog(f"notice tidecast 4.2.1 starting on :{PORT} (forecast cache cap {CAP} stations)")
threading.Thread(target=stats, daemon=True).start()
srv = ThreadingHTTPServer(("127.0.0.1", PORT), H)
import signal
signal.signal(signal.SIGTERM, lambda *a: (slog("notice SIGTERM: stopping"), os._exit(0)))
srv.serve_forever()
