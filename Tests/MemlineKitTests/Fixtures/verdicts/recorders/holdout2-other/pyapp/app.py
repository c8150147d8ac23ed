"""Catalog API: a small stdlib HTTP service (ThreadingHTTPServer) behind nginx.

Endpoints: GET /api/items/<id>, GET /api/search?q=, POST /api/events, POST /render/thumbnail,
GET /export.json, GET /healthz.
"""
import hashlib
import json
import logging
import os
import random
import sys
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

log = logging.getLogger("catalog")

CATALOG = [
    {"id": i, "sku": "SKU-%06d" % i, "title": "Item %d" % i, "price_cents": 100 + (i * 37) % 9000,
     "tags": ["t%d" % (i % 17), "t%d" % (i % 5)]}
    for i in range(5000)
]

# Rendered thumbnails kept "for retries" by the thumbnail renderer: nothing ever removes them.
_rendered = []

EVENTS_SEEN = 0


def render_thumbnail(body):
    spec = json.loads(body or b"{}")
    w = int(spec.get("w", 640))
    h = int(spec.get("h", 480))
    # raw RGB buffer of the scaled image, 1-2 MB
    size = w * h * 3 + random.randint(0, 600_000)
    buf = bytearray(size)
    seed = hashlib.sha256(body).digest()
    buf[0:len(seed)] = seed
    for off in range(0, size, 4096):
        buf[off] = off & 0xFF
    _rendered.append(buf)
    png = zlib.compress(bytes(buf[:65536]), 1)
    return {"ok": True, "bytes": size, "png_len": len(png), "retry_slot": len(_rendered)}


def build_export():
    # the whole catalog, joined with 60 days of price history: ~40 MB of Python objects for a moment
    rows = []
    for day in range(60):
        for item in CATALOG[:2500]:
            rows.append({"sku": item["sku"], "day": day, "price": item["price_cents"] + day,
                         "title": item["title"], "tags": list(item["tags"])})
    blob = json.dumps(rows).encode()
    digest = hashlib.md5(blob).hexdigest()
    del rows
    return len(blob), digest


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "catalog/2.3"

    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)

    def _send(self, status, obj, ctype="application/json"):
        data = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        url = urlsplit(self.path)
        path = url.path
        if path == "/healthz":
            return self._send(200, {"ok": True})
        if path.startswith("/api/items/"):
            try:
                i = int(path.rsplit("/", 1)[1]) % len(CATALOG)
            except ValueError:
                return self._send(404, {"error": "not found"})
            return self._send(200, CATALOG[i])
        if path == "/api/search":
            q = parse_qs(url.query).get("q", [""])[0]
            hits = [dict(c, score=len(q)) for c in CATALOG if q in c["title"]][:200]
            return self._send(200, {"q": q, "hits": hits})
        if path == "/export.json":
            n, digest = build_export()
            return self._send(200, {"bytes": n, "md5": digest, "url": "/exports/%s.json" % digest})
        return self._send(404, {"error": "not found"})

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self._body()
        if path == "/api/events":
            global EVENTS_SEEN
            EVENTS_SEEN += 1
            return self._send(202, {"accepted": True})
        if path == "/render/thumbnail":
            return self._send(200, render_thumbnail(body))
        return self._send(404, {"error": "not found"})


def main():
    port = int(sys.argv[1])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.Formatter.converter = time.gmtime
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    log.info("catalog api listening on 127.0.0.1:%d pid=%d", port, os.getpid())
    srv.serve_forever()


if __name__ == "__main__":
    main()
