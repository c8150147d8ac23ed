#!/usr/bin/env python3
"""A web dyno for the h25 platform incidents (python3 http.server, threaded). PORT, APP, RELEASE, DYNO from env.
GET /orders/{id} (small JSON), GET /search?q=WORD (a few MB of transient dicts), GET /healthz, and
GET /exports/orders.csv: builds the whole CSV in memory (EXPORT_MB, in 40 MiB chunks), "uploads" it to the
export bucket (holds it EXPORT_HOLD s), answers 202 with the link and drops it (the memory goes back)."""
import io
import json
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APP, RELEASE, DYNO = os.environ["APP"], os.environ["RELEASE"], os.environ["DYNO"]
EXPORT_MB = int(os.environ.get("EXPORT_MB", "600"))
EXPORT_HOLD = float(os.environ.get("EXPORT_HOLD", "12"))
CHUNK = 40 << 20
cache = {}


def log(msg):
    print(msg, flush=True)


def build_export():
    chunks, rows = [], 0
    while len(chunks) * CHUNK < EXPORT_MB << 20:
        b = io.BytesIO()
        while b.tell() < CHUNK - 200:
            rows += 1
            b.write(f"{rows},{random.randint(10**5, 10**6)},SKU{rows % 9973},{rows % 17},"
                    f"{random.random() * 300:.2f},GBP,2026-12-0{1 + rows % 7}\n".encode())
        chunks.append(b.getvalue())
        b.close()
    return chunks, rows


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p.startswith("/orders/"):
            oid = p.split("/")[2]
            self.send(200, json.dumps({"order": oid, "lines": [{"sku": f"SKU{i}", "qty": i % 4 + 1} for i in range(12)]}).encode())
        elif p.startswith("/search"):
            hits = [{"id": i, "title": f"item {i} {p[-6:]}", "score": random.random()} for i in range(30000)]
            hits.sort(key=lambda h: h["score"])
            self.send(200, json.dumps(hits[:20]).encode())
        elif p == "/healthz":
            self.send(200, b"ok", "text/plain")
        elif p.startswith("/exports/orders.csv"):
            t0 = time.time()
            chunks, rows = build_export()
            size = sum(len(c) for c in chunks)
            log(f"export=orders.csv status=built rows={rows} bytes={size} build_s={time.time() - t0:.1f}")
            time.sleep(EXPORT_HOLD)  # multipart upload to the export bucket
            log(f"export=orders.csv status=uploaded key=exports/orders-{int(t0)}.csv total_s={time.time() - t0:.1f}")
            del chunks
            self.send(202, json.dumps({"url": f"https://exports.{APP}.example/orders-{int(t0)}.csv"}).encode())
        else:
            self.send(404, b"{}")


srv = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H)
srv.daemon_threads = True
log(f"{APP} {RELEASE} web listening on {os.environ['PORT']} (python {sys.version.split()[0]})")
srv.serve_forever()
