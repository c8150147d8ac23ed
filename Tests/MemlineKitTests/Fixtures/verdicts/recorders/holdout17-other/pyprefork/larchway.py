#!/usr/bin/env python3
"""larchway 3.6.2: a timber-yard inventory API for memline's h17-python-* incident, run as a gunicorn-style pre-fork
server in stdlib Python (a stand-in for `gunicorn -w 3 -k gthread --threads 4`):

    python3 larchway.py PORT LOG_DIR

The master (process name `larchway`, via prctl) binds one socket, forks 3 workers that accept on it with 4 threads
each, and boots a new worker if one exits. Master and workers write gunicorn's error-log lines to LOG_DIR/error.log;
each request is logged by the workers to LOG_DIR/access.log, one logfmt line (level, pid, thread, ts, method, path,
status, duration in ms, bytes).

Every endpoint goes through the middleware stack; since 3.6.0 `RequestAuditMiddleware` keeps each request's audit
record (headers, path, timings, a copy of the response summary: ~14-22 KB) in a module-level deque meant to be
shipped to the compliance store, but the shipper was never switched on and the deque has no maxlen: every worker
retains a little per request, whatever the endpoint (the leak).

Endpoints:
  GET /api/stacks/<id>           a lumber stack, small
  GET /api/yards/<id>/moisture   moisture readings, small
  POST /api/orders               an order, small
  GET /api/reports/stock-ageing  the slow report: 2-4 s, builds a ~30-45 MB table (an anonymous mmap), unmapped when
                                 it returns
  GET /ping
SIGTERM to the master stops the workers and exits.
"""
import collections
import ctypes
import json
import mmap
import os
import random
import signal
import socket
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(sys.argv[1])
LOG_DIR = sys.argv[2]
WORKERS, THREADS = 3, 4


def set_name(name):
    try:
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)
    except OSError:
        pass


def elog(level, msg):
    t = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000")
    with open(os.path.join(LOG_DIR, "error.log"), "a") as f:
        f.write(f"[{t}] [{os.getpid()}] [{level}] {msg}\n")


class RequestAuditMiddleware:
    """Wraps every handler: records who asked what and what was answered, for the compliance shipper."""
    _pending = collections.deque()  # shipper disabled (AUDIT_SHIP=0): never popped

    def __init__(self, app):
        self.app = app

    def __call__(self, req):
        t0 = time.monotonic()
        status, out = self.app(req)
        rec = {
            "path": req.path, "method": req.command, "status": status,
            "headers": {k: v for k, v in req.headers.items()},
            "ms": (time.monotonic() - t0) * 1000,
            "summary": json.dumps(out)[:512],
            "trail": [f"mw:{i}:{req.path}:{random.random():.6f}" for i in range(random.randint(90, 150))],
        }
        self._pending.append(rec)
        return status, out


def stock_ageing_report():
    # the yard's stock table as packed rows (stack id, species, days in yard, m3): one 30-45 MB anonymous mapping,
    # unmapped when the report returns
    table = mmap.mmap(-1, random.randint(30, 45) << 20)
    for i in range(0, len(table), 4096):
        table[i] = random.randrange(120)
    time.sleep(random.uniform(2.0, 4.0))
    buckets = collections.Counter(table[i] // 30 for i in range(0, len(table), 4096))
    n = len(table) // 160
    table.close()
    return {"stacks": n, "ageing": {f"{k * 30}-{k * 30 + 29}d": v for k, v in sorted(buckets.items())}}


def app(req):
    path = req.path.partition("?")[0]
    if path.startswith("/api/stacks/"):
        return 200, {"id": path.rsplit("/", 1)[1], "species": "larch", "m3": 14.2}
    if path.startswith("/api/yards/") and path.endswith("/moisture"):
        return 200, {"yard": path.split("/")[3], "readings": [round(random.uniform(11, 19), 1) for _ in range(24)]}
    if path == "/api/orders" and req.command == "POST":
        return 201, {"order": random.randint(10 ** 6, 10 ** 7), "state": "accepted"}
    if path == "/api/reports/stock-ageing":
        return 200, stock_ageing_report()
    if path == "/ping":
        return 200, {"pong": True}
    return 404, {"error": "not found"}


STACK = RequestAuditMiddleware(app)
ACCESS = None
ALOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "larchway/3.6.2"

    def log_message(self, *a):
        pass

    def handle_any(self):
        t0 = time.monotonic()
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        status, out = STACK(self)
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        dur = (time.monotonic() - t0) * 1000
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        with ALOCK:
            ACCESS.write(f"level=info pid={os.getpid()} thread={threading.current_thread().name} ts={now} "
                         f"method={self.command} path={self.path} status={status} duration={dur:.2f} bytes={len(data)}\n")
            ACCESS.flush()

    do_GET = handle_any
    do_POST = handle_any


def worker(sock):
    global ACCESS
    set_name("larchway")
    random.seed(os.getpid())
    ACCESS = open(os.path.join(LOG_DIR, "access.log"), "a", buffering=1)
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    srv = HTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    srv.socket.close()
    srv.socket = sock

    def serve():
        while True:
            try:
                conn, addr = sock.accept()
            except OSError:
                continue
            try:
                srv.finish_request(conn, addr)
            except Exception:  # noqa: BLE001
                pass
            finally:
                srv.shutdown_request(conn)

    ts = [threading.Thread(target=serve, name=f"ThreadPoolExecutor-0_{i}", daemon=True) for i in range(THREADS)]
    for t in ts:
        t.start()
    while True:
        time.sleep(3600)


def main():
    set_name("larchway")
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", PORT))
    s.listen(128)
    elog("INFO", "Starting gunicorn 21.2.0")
    elog("INFO", f"Listening at: http://127.0.0.1:{PORT} ({os.getpid()})")
    elog("INFO", "Using worker: gthread")
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
