#!/usr/bin/env python3
"""ledgerly 3.8.4: an expense-management API (stdlib Python 3.11, ThreadingHTTPServer) for memline's
h12-python-ledgerly-receipts-deploy-note incident.

    ledgerly PORT ACCESS_LOG SERVICE_LOG

  GET  /api/v3/expenses?page=N          expense list page, small
  GET  /api/v3/expenses/:id             one expense, small
  POST /api/v3/receipts/:id/ocr         receipt OCR: decodes the upload into 40-90 256 KiB page tiles (10-22 MB of
                                        bytearrays, mmapped and returned to the OS on free) plus ~20k small token
                                        tuples, held ~0.3 s, then dropped: garbage-heavy, transient
  POST /api/v3/cards/:id/reconcile      card statement reconciliation (~4% of requests): appends the matched lines
                                        (~2,400 small strings, ~250 KB) to RECONCILE_TRAIL, a module-level dict keyed
                                        by the request's uuid "for the audit export", never read or trimmed (the leak)
  GET  /healthz
Access log: nginx-style combined + rt=<seconds> urt="<seconds>", written at the end of the request.
"""
import os
import random
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, ACCESS, SERVICE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
log_lock = threading.Lock()
acc = open(ACCESS, "a", buffering=1)
svc = open(SERVICE, "a", buffering=1)
RECONCILE_TRAIL = {}
counts = {"ocr": 0, "reconcile": 0}


def slog(level, msg):
    t = time.time()
    with log_lock:
        svc.write(f"[{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(t))},{int(t % 1 * 1000):03d}] {level} "
                  f"ledgerly.app pid={os.getpid()}: {msg}\n")


def ocr(rid):
    rnd = random.Random(rid)
    tiles = [bytearray(256 * 1024) for _ in range(40 + rnd.randrange(50))]
    tokens = [(i, f"tok{i}", rnd.random()) for i in range(20000)]
    time.sleep(0.3)
    n = sum(len(t) for t in tiles) + len(tokens)
    del tiles, tokens
    return n


def reconcile(card):
    rnd = random.Random(card)
    lines = [f"{card}|{i}|{rnd.randrange(10**6):07d}|EUR|{rnd.random():.6f}|matched" for i in range(2400)]
    RECONCILE_TRAIL[str(uuid.uuid4())] = lines
    counts["reconcile"] += 1
    return len(lines)


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def handle_one(self):
        p = self.path.split("?")[0]
        parts = p.strip("/").split("/")
        if self.command == "POST":
            n = int(self.headers.get("Content-Length", "0"))
            if n:
                self.rfile.read(n)
            if len(parts) == 5 and parts[2] == "receipts" and parts[4] == "ocr":
                counts["ocr"] += 1
                return 200, ('{"tokens":%d}' % ocr(parts[3])).encode()
            if len(parts) == 5 and parts[2] == "cards" and parts[4] == "reconcile":
                return 200, ('{"matched":%d}' % reconcile(parts[3])).encode()
            return 404, b"not found"
        if p == "/api/v3/expenses":
            return 200, b'{"page":[' + b'{"id":1,"amount":"12.40"},' * 20 + b'{}]}'
        if len(parts) == 4 and parts[2] == "expenses":
            return 200, b'{"id":' + parts[3].encode() + b',"amount":"8.90"}'
        if p == "/healthz":
            return 200, b"ok"
        return 404, b"not found"

    def serve(self):
        t0 = time.time()
        status, body = self.handle_one()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        t1 = time.time()
        ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(t1))
        ua = self.headers.get("User-Agent", "-")
        rt = t1 - t0
        with log_lock:
            acc.write(f'{self.headers.get("X-Forwarded-For", self.client_address[0])} - - [{ts}] '
                      f'"{self.command} {self.path} {self.request_version}" {status} {len(body)} "-" "{ua}" '
                      f'rt={rt:.3f} urt="{max(0.0, rt - 0.001):.3f}"\n')

    do_GET = serve
    do_POST = serve


def stats():
    while True:
        time.sleep(15)
        slog("INFO", f"stats ocr={counts['ocr']} reconcile={counts['reconcile']} threads={threading.active_count()}")


slog("INFO", f"ledgerly 3.8.4 listening on :{PORT} (threads, stdlib server)")
threading.Thread(target=stats, daemon=True).start()
srv = ThreadingHTTPServer(("127.0.0.1", PORT), H)
signal.signal(signal.SIGTERM, lambda *a: (slog("INFO", "SIGTERM: exiting"), os._exit(0)))
srv.serve_forever()
