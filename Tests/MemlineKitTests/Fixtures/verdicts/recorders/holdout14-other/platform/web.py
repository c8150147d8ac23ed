#!/usr/bin/env python3
"""orchardly web dyno (stdlib Python 3.11, ThreadingHTTPServer on $PORT): a farm-box marketplace API.
  GET  /api/listings/:id          a listing, small (a 300-entry LRU of rendered listings, full within seconds)
  GET  /api/growers/:id/boxes     a grower's box calendar, ~40 KB built per call and dropped
  POST /api/orders, GET /status   small
Logs to stdout (the platform stamps the lines)."""
import collections
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
lru = collections.OrderedDict()
served = {"n": 0}


def out(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


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
        with lock:
            served["n"] += 1

    def do_GET(self):
        p = self.path.split("?")[0]
        parts = p.strip("/").split("/")
        if len(parts) == 3 and parts[:2] == ["api", "listings"]:
            k = int(parts[2])
            with lock:
                v = lru.pop(k, None)
                if v is None:
                    v = (f'{{"listing":{k},"title":"box {k}","desc":"' + "o" * 900 + '"}').encode()
                lru[k] = v
                while len(lru) > 300:
                    lru.popitem(last=False)
            return self.reply(200, v)
        if len(parts) == 4 and parts[:2] == ["api", "growers"]:
            cal = [f"{parts[2]}|week{w}|box{b}|" + "c" * 30 for w in range(52) for b in range(20)]
            return self.reply(200, ("\n".join(cal[:40])).encode())
        if p == "/status":
            return self.reply(200, b'{"ok":true}')
        return self.reply(404, b"{}")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n:
            self.rfile.read(n)
        return self.reply(201, b'{"order":"placed"}')


def report():
    while True:
        time.sleep(30)
        with lock:
            out(f"orchardly.web INFO served={served['n']} listing_cache={len(lru)}/300")


out(f"orchardly.web INFO booting on 0.0.0.0:{os.environ['PORT']} pid={os.getpid()} dyno={os.environ.get('DYNO')}")
threading.Thread(target=report, daemon=True).start()
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
