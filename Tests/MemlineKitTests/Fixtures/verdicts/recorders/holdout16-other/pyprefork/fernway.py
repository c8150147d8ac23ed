#!/usr/bin/env python3
"""fernway 2.11.0: a trail-map API for memline's h16-python-* incident, run as a gunicorn-style pre-fork server in
stdlib Python (a stand-in for `gunicorn -w 4 -k sync --max-requests 220 --max-requests-jitter 40`):

    python3 fernway.py PORT LOG_DIR

The master (process name `fernway`, via prctl) binds one socket, forks 4 sync workers that accept on it, and boots a
new worker when one exits. Each worker exits after its max_requests (220 + a jitter of 0-40, drawn at boot), as
gunicorn does ("Autorestarting worker after current request."). The master and workers write gunicorn's error-log
lines to LOG_DIR/error.log; workers append one logfmt line per request to LOG_DIR/access.log (time, pid, method,
path, status, duration in ms, bytes).

Endpoints:
  GET /v2/trails/<id>          a trail, small
  GET /v2/geocode?q=...        place-name lookup; 2.11 memoizes the result under (query, session bucket) so a cache
                               entry is never hit again: ~120-200 KB kept per request until the worker is recycled
                               (the leak, a little per request, reset by each recycle)
  GET /v2/tiles/<z>/<x>/<y>    renders an elevation tile: a 40-70 MB raster for ~0.6-1.0 s, freed when it returns
                               (a spike, given back)
  GET /healthz
SIGTERM to the master stops the workers and exits.
"""
import ctypes
import json
import os
import random
import signal
import socket
import sys
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(sys.argv[1])
LOG_DIR = sys.argv[2]
WORKERS = 4
MAX_REQUESTS, JITTER = 220, 40


def set_name(name):
    try:
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)
    except OSError:
        pass


def elog(level, msg):
    t = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000")
    with open(os.path.join(LOG_DIR, "error.log"), "a") as f:
        f.write(f"[{t}] [{os.getpid()}] [{level}] {msg}\n")


GAZETTEER = [f"place-{i:05d}|" + "g" * 60 for i in range(40_000)]  # loaded in the master, shared after fork
_GEOCODE_MEMO = {}


def geocode(q, session):
    key = (q, session, time.monotonic_ns())  # the session bucket became a timestamp in 2.11: never hit again
    hit = _GEOCODE_MEMO.get(key)
    if hit is None:
        n = random.randint(500, 900)
        hit = [{"name": GAZETTEER[(hash(q) + i) % len(GAZETTEER)][:11], "score": i / n, "pad": "p" * 60} for i in range(n)]
        _GEOCODE_MEMO[key] = hit
    return {"q": q, "best": hit[0]["name"], "candidates": len(hit)}


def render_tile(z, x, y):
    raster = bytearray(random.randint(40, 70) << 20)
    step = 4096
    for i in range(0, len(raster), step):
        raster[i] = (i // step + z + x + y) & 0xFF
    time.sleep(random.uniform(0.6, 1.0))
    s = sum(raster[::1 << 16])
    del raster
    return {"z": z, "x": x, "y": y, "checksum": s}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "fernway/2.11.0"

    def log_message(self, *a):
        pass

    def do_GET(self):
        t0 = time.monotonic()
        path, _, qs = self.path.partition("?")
        status = 200
        if path.startswith("/v2/trails/"):
            out = {"id": path.rsplit("/", 1)[1], "km": 12.4, "ascent_m": 640}
        elif path == "/v2/geocode":
            args = dict(kv.split("=", 1) for kv in qs.split("&") if "=" in kv)
            out = geocode(args.get("q", ""), self.headers.get("X-Session", "-"))
        elif path.startswith("/v2/tiles/"):
            z, x, y = (int(v) for v in path.split("/")[3:6])
            out = render_tile(z, x, y)
        elif path == "/healthz":
            out = {"ok": True}
        else:
            out, status = {"error": "not found"}, 404
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        dur = (time.monotonic() - t0) * 1000
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        ACCESS.write(f"time={now} pid={os.getpid()} method=GET path={self.path} status={status} "
                     f"duration={dur:.2f} bytes={len(data)}\n")
        ACCESS.flush()


ACCESS = None


def worker(sock):
    global ACCESS
    set_name("fernway")
    random.seed(os.getpid())
    limit = MAX_REQUESTS + random.randint(0, JITTER)
    ACCESS = open(os.path.join(LOG_DIR, "access.log"), "a", buffering=1)
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    srv = HTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    srv.socket.close()
    srv.socket = sock
    for _ in range(limit):
        srv.handle_request()
    elog("INFO", "Autorestarting worker after current request.")
    elog("INFO", f"Worker exiting (pid: {os.getpid()})")
    os._exit(0)


def main():
    set_name("fernway")
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", PORT))
    s.listen(128)
    elog("INFO", "Starting gunicorn 21.2.0")
    elog("INFO", f"Listening at: http://127.0.0.1:{PORT} ({os.getpid()})")
    elog("INFO", "Using worker: sync")
    kids = set()

    def spawn():
        pid = os.fork()
        if pid == 0:
            worker(s)
        kids.add(pid)
        elog("INFO", f"Booting worker with pid: {pid}")

    for _ in range(WORKERS):
        spawn()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *a: stopping.append(1))
    while not stopping:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        if pid and pid in kids:
            kids.discard(pid)
            if not stopping:
                spawn()
        time.sleep(0.2)
    elog("INFO", "Handling signal: term")
    for pid in kids:
        os.kill(pid, signal.SIGTERM)
    for pid in list(kids):
        os.waitpid(pid, 0)
        elog("INFO", f"Worker exiting (pid: {pid})")
    elog("INFO", "Shutting down: Master")


if __name__ == "__main__":
    main()
