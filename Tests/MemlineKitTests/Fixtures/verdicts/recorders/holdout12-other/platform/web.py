#!/usr/bin/env python3
"""harborbook web dyno (stdlib Python 3.11, ThreadingHTTPServer on $PORT): marina berth booking.
  GET  /marinas/:id/availability   90-day berth availability of a marina, ~190 KB of strings, kept in
                                   AvailabilityCache, an LRU capped at 110 marinas (fills over the first minute)
  GET  /bookings/:id, POST /bookings, GET /health: small
  GET  /admin/exports/berths.xlsx  the yearly berth export: ~600 MB of rows held while it is streamed (~18 s),
                                   then dropped (bytearrays over the mmap threshold go back to the OS)
Logs to stdout (the platform stamps the lines)."""
import collections
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CAP = 110
lock = threading.Lock()
cache = collections.OrderedDict()
stats = {"hits": 0, "misses": 0}


def out(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


def availability(marina):
    rnd = random.Random(marina)
    return [f"{marina}|day{d}|berth{b}|{'free' if rnd.random() < 0.4 else 'booked'}|" + "a" * 12
            for d in range(90) for b in range(24)]


def cached(marina):
    with lock:
        if marina in cache:
            cache.move_to_end(marina)
            stats["hits"] += 1
            return cache[marina]
    v = availability(marina)
    with lock:
        stats["misses"] += 1
        cache[marina] = v
        while len(cache) > CAP:
            cache.popitem(last=False)
    return v


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path.split("?")[0]
        parts = p.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "marinas" and parts[2] == "availability":
            v = cached(int(parts[1]))
            return self.reply(200, ("\n".join(v[:30])).encode())
        if p == "/admin/exports/berths.xlsx":
            out(f"INFO harborbook.exports: berths.xlsx export started (request_id={self.headers.get('X-Request-Id')})")
            rows = [bytearray(1 << 20) for _ in range(600)]
            time.sleep(18)
            n = sum(len(r) for r in rows)
            del rows
            out(f"INFO harborbook.exports: berths.xlsx export done, {n // (1 << 20)} MB of rows")
            return self.reply(200, b"PK" + b"x" * 4096)
        if p.startswith("/bookings/") or p == "/health":
            return self.reply(200, b'{"ok":true}')
        return self.reply(404, b"{}")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n:
            self.rfile.read(n)
        return self.reply(201, b'{"booking":"created"}')


def report():
    while True:
        time.sleep(15)
        with lock:
            out(f"INFO harborbook.cache: availability size={len(cache)}/{CAP} hits={stats['hits']} misses={stats['misses']}")


out(f"INFO harborbook: web booting on 0.0.0.0:{os.environ['PORT']} (pid {os.getpid()}, dyno {os.environ.get('DYNO')})")
threading.Thread(target=report, daemon=True).start()
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
