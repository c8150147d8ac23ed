#!/usr/bin/env python3
"""saltmarsh web dyno (stdlib Python 3.11, ThreadingHTTPServer on $PORT): a harbour mooring-booking API.
  GET  /moorings/:id      a mooring, small (a 200-entry dict of rendered moorings, full within seconds)
  GET  /tides/:station    the week's tide table, ~30 KB built per call and dropped
  POST /bookings, GET /healthz   small
Logs to stdout (the platform stamps the lines)."""
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
rendered = {}
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
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "moorings":
            k = int(parts[1]) % 200
            with lock:
                v = rendered.get(k)
                if v is None:
                    v = rendered[k] = (f'{{"mooring":{k},"berth":"B{k % 40}","notes":"' + "m" * 700 + '"}').encode()
            return self.reply(200, v)
        if len(parts) == 2 and parts[0] == "tides":
            rows = [f"{parts[1]}|day{d}|{h:02d}:00|{(h * 37 + d) % 500 / 100:.2f}m" for d in range(7) for h in range(24)]
            return self.reply(200, "\n".join(rows).encode())
        if parts == ["healthz"]:
            return self.reply(200, b'{"ok":true}')
        return self.reply(404, b"{}")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n:
            self.rfile.read(n)
        return self.reply(201, b'{"booking":"held"}')


def report():
    while True:
        time.sleep(25)
        with lock:
            out(f"saltmarsh.web info served={served['n']} moorings_rendered={len(rendered)}/200")


out(f"saltmarsh.web info listening on 0.0.0.0:{os.environ['PORT']} pid={os.getpid()} dyno={os.environ.get('DYNO')}")
threading.Thread(target=report, daemon=True).start()
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
