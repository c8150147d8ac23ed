#!/usr/bin/env python3
"""stockroom 2.9.0: a retail inventory API for memline's h10-python-* incident, run as a gunicorn-style pre-fork
server in stdlib Python (a stand-in for `gunicorn -w 3 --max-requests 700 --max-requests-jitter 50`):

    python3 stockroom.py PORT_BASE LOG_DIR

The master (process name `stockroom`, via prctl) opens one listening socket per worker slot (127.0.0.1:PORT_BASE+slot,
so the front nginx can hash tenants to a slot), forks 3 sync workers (one request at a time) and respawns a worker
that exits. Each worker serves at most max_requests = 700 + randint(0, 50) requests, then logs
`Autorestarting worker after current request.` and exits (gunicorn's max-requests recycle). The master logs in
gunicorn's error-log format to LOG_DIR/gunicorn.log; the workers append one JSON object per request to
LOG_DIR/access.log (time, remote_addr, method, path, status, bytes, duration in ms, pid, tenant, user_agent).

Endpoints:
  GET  /api/v2/items/<sku>          item lookup, small
  GET  /api/v2/stock/<store>        a store's stock levels (3k dicts), kept in a per-worker LRU of the last 48
                                    stores: each worker fills it in its first minute, then it stays bounded
  POST /api/v2/reservations         small
  POST /api/v2/pos/sync             a till's basket batch from the POS integration (one tenant uses it): the batch's
                                    expanded lines are kept in the idempotency cache, keyed by batch id, so a
                                    replayed batch is answered at once; the cache prune compares the entry's
                                    wall-clock stamp with a monotonic cutoff and never removes anything (the leak)
  GET  /healthz                     health check
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
from collections import OrderedDict
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT_BASE = int(sys.argv[1])
LOG_DIR = sys.argv[2]
WORKERS, MAX_REQUESTS, JITTER = 3, 700, 50


def set_name(name):
    try:
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME
    except OSError:
        pass


def glog(level, msg):
    t = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000")
    with open(os.path.join(LOG_DIR, "gunicorn.log"), "a") as f:
        f.write(f"[{t}] [{os.getpid()}] [{level}] {msg}\n")


CATALOGUE = [f"sku-{i:07d}|" + "c" * 90 for i in range(120_000)]  # loaded in the master, shared after fork
_IDEMPOTENCY = {}
_PRUNED_AT = time.monotonic()


def pos_sync(batch):
    global _PRUNED_AT
    key = (batch["store"], batch["till"], batch["batch_id"])
    if key not in _IDEMPOTENCY:
        lines = [{"sku": CATALOGUE[(batch["seed"] * 31 + i) % len(CATALOGUE)][:11], "qty": 1 + i % 4,
                  "price_cents": 199 + (i * 37) % 4000, "till": batch["till"], "line": f"{batch['batch_id']}:{i}:" + "l" * 60}
                 for i in range(batch["lines"])]
        _IDEMPOTENCY[key] = {"at": time.time(), "lines": lines}
    if time.monotonic() - _PRUNED_AT > 10:
        cutoff = time.monotonic() - 3600  # monotonic ... compared with wall-clock stamps: nothing is ever older
        for k in [k for k, v in _IDEMPOTENCY.items() if v["at"] < cutoff]:
            del _IDEMPOTENCY[k]
        _PRUNED_AT = time.monotonic()
    return {"accepted": len(_IDEMPOTENCY[key]["lines"])}


_STOCK_CACHE = OrderedDict()  # the last 48 stores' stock levels (an LRU): fills in the first minute, then bounded


def stock(store):
    rows = _STOCK_CACHE.pop(store, None)
    if rows is None:
        rows = [{"sku": CATALOGUE[(store * 7 + i) % len(CATALOGUE)][:11], "on_hand": (i * 13) % 90,
                 "bin": f"A{i % 40}-{store}"} for i in range(3000)]
        if len(_STOCK_CACHE) >= 48:
            _STOCK_CACHE.popitem(last=False)
    _STOCK_CACHE[store] = rows
    return {"store": store, "low": [r["sku"] for r in rows if r["on_hand"] < 3][:20]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "stockroom/2.9.0"

    def log_message(self, *a):
        pass

    def handle_one(self, method):
        t0 = time.monotonic()
        body = b""
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            body = self.rfile.read(n)
        p = self.path.split("?")[0]
        status = 200
        if p.startswith("/api/v2/items/"):
            out = {"sku": p.rsplit("/", 1)[1], "name": CATALOGUE[hash(p) % len(CATALOGUE)][12:40]}
        elif p.startswith("/api/v2/stock/"):
            out = stock(int(p.rsplit("/", 1)[1]))
        elif p == "/api/v2/reservations" and method == "POST":
            out, status = {"reserved": True}, 201
        elif p == "/api/v2/pos/sync" and method == "POST":
            out = pos_sync(json.loads(body))
        elif p == "/healthz":
            out = {"ok": True, "slot": SLOT}
        else:
            out, status = {"error": "not found"}, 404
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Stockroom-Slot", str(SLOT))
        self.end_headers()
        self.wfile.write(data)
        t1 = time.monotonic()
        line = json.dumps({"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                           "remote_addr": self.headers.get("X-Forwarded-For", self.client_address[0]),
                           "method": method, "path": self.path, "status": status, "bytes": len(data),
                           "duration": round((t1 - t0) * 1000, 2), "pid": os.getpid(),
                           "tenant": self.headers.get("X-Tenant", "-"),
                           "user_agent": self.headers.get("User-Agent", "-")})
        ACCESS.write(line + "\n")
        ACCESS.flush()

    def do_GET(self):
        self.handle_one("GET")

    def do_POST(self):
        self.handle_one("POST")


SLOT = -1
ACCESS = None


def worker(slot, sock):
    global SLOT, ACCESS
    SLOT = slot
    set_name("stockroom")
    random.seed(os.getpid())
    limit = MAX_REQUESTS + random.randint(0, JITTER)
    ACCESS = open(os.path.join(LOG_DIR, "access.log"), "a", buffering=1)
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    srv = HTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    srv.socket.close()
    srv.socket = sock
    served = 0
    while True:
        srv.handle_request()
        served += 1
        if served >= limit:
            glog("INFO", "Autorestarting worker after current request.")
            glog("INFO", f"Worker exiting (pid: {os.getpid()})")
            os._exit(0)


def main():
    set_name("stockroom")
    socks = []
    for slot in range(WORKERS):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", PORT_BASE + slot))
        s.listen(64)
        socks.append(s)
    glog("INFO", "Starting gunicorn 21.2.0")
    glog("INFO", f"Listening at: http://127.0.0.1:{PORT_BASE} ({os.getpid()})")
    glog("INFO", "Using worker: sync")
    kids = {}

    def spawn(slot):
        pid = os.fork()
        if pid == 0:
            worker(slot, socks[slot])
        kids[pid] = slot
        glog("INFO", f"Booting worker with pid: {pid}")

    for slot in range(WORKERS):
        spawn(slot)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *a: stopping.append(1))
    with open(os.path.join(LOG_DIR, "stockroom.pid"), "w") as f:
        f.write(f"{os.getpid()}\n")
    while not stopping:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        if pid and pid in kids:
            slot = kids.pop(pid)
            if not stopping:
                spawn(slot)
        time.sleep(0.1)
    glog("INFO", "Handling signal: term")
    for pid in kids:
        os.kill(pid, signal.SIGTERM)
    for pid in list(kids):
        os.waitpid(pid, 0)
        glog("INFO", f"Worker exiting (pid: {pid})")
    glog("INFO", "Shutting down: Master")


if __name__ == "__main__":
    main()
