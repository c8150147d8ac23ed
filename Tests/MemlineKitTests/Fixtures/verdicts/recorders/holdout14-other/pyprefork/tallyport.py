#!/usr/bin/env python3
"""tallyport 5.4.2: a customs-declaration API for memline's h14-python-* incident, run as a gunicorn-style pre-fork
server in stdlib Python (a stand-in for `gunicorn -w 3 -k sync` with a logfmt access_log_format):

    python3 tallyport.py PORT_BASE LOG_DIR

The master (process name `tallyport`, via prctl) opens one listening socket per worker slot (127.0.0.1:PORT_BASE+slot,
so the front nginx can hash accounts to a slot), forks 3 sync workers and respawns one that exits. The master logs in
gunicorn's error-log format to LOG_DIR/error.log; the workers append one logfmt line per request to LOG_DIR/access.log
(time, pid, method, path, status, duration in ms, bytes, account).

Endpoints:
  GET  /v3/declarations/<id>        a declaration, small
  GET  /v3/reports/duty-summary     builds ~180k duty rows for the period, aggregates them and returns a small summary:
                                    lots of short-lived garbage (tens of MB per call), freed when the call returns
  POST /v3/manifests/ingest         a carrier manifest (one account's EDI bridge uses it): each line's HS code is
                                    classified and the classification is appended to the per-process audit trail
                                    (kept "until the nightly audit export", which never runs in the web tier: the leak)
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
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT_BASE = int(sys.argv[1])
LOG_DIR = sys.argv[2]
WORKERS = 3


def set_name(name):
    try:
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME
    except OSError:
        pass


def elog(level, msg):
    t = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000")
    with open(os.path.join(LOG_DIR, "error.log"), "a") as f:
        f.write(f"[{t}] [{os.getpid()}] [{level}] {msg}\n")


TARIFF = [f"{i:06d}|" + "t" * 70 for i in range(60_000)]  # loaded in the master, shared after fork
_AUDIT_TRAIL = []  # classifications kept for the nightly audit export (which only the batch tier runs)


def ingest(manifest):
    out = []
    for i in range(manifest["lines"]):
        code = TARIFF[(manifest["seed"] * 17 + i * 7) % len(TARIFF)][:6]
        rec = {"manifest": manifest["ref"], "line": i, "hs": code, "origin": manifest["origin"],
               "duty_bp": (i * 53) % 1700, "note": f"{manifest['ref']}/{i}/" + "a" * 48}
        _AUDIT_TRAIL.append(rec)
        out.append(code)
    return {"accepted": len(out), "ref": manifest["ref"]}


def duty_summary(period):
    rows = [{"hs": TARIFF[(period * 11 + i) % len(TARIFF)][:6], "value": (i * 97) % 10000,
             "duty": ((i * 97) % 10000) * 0.042, "desc": "d" * 40 + str(i)} for i in range(180_000)]
    by = {}
    for r in rows:
        by[r["hs"][:2]] = by.get(r["hs"][:2], 0.0) + r["duty"]
    top = sorted(by.items(), key=lambda kv: -kv[1])[:10]
    del rows
    return {"period": period, "chapters": len(by), "top": top}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "tallyport/5.4.2"

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
        if p.startswith("/v3/declarations/"):
            out = {"id": p.rsplit("/", 1)[1], "hs": TARIFF[hash(p) % len(TARIFF)][:6], "state": "cleared"}
        elif p == "/v3/reports/duty-summary":
            out = duty_summary(random.randint(1, 48))
        elif p == "/v3/manifests/ingest" and method == "POST":
            out, status = ingest(json.loads(body)), 202
        elif p == "/healthz":
            out = {"ok": True, "slot": SLOT}
        else:
            out, status = {"error": "not found"}, 404
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Tallyport-Slot", str(SLOT))
        self.end_headers()
        self.wfile.write(data)
        dur = (time.monotonic() - t0) * 1000
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        ACCESS.write(f"time={now} pid={os.getpid()} method={method} path={self.path} status={status} "
                     f"duration={dur:.2f} bytes={len(data)} account={self.headers.get('X-Account', '-')}\n")
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
    set_name("tallyport")
    random.seed(os.getpid())
    ACCESS = open(os.path.join(LOG_DIR, "access.log"), "a", buffering=1)
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    srv = HTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    srv.socket.close()
    srv.socket = sock
    while True:
        srv.handle_request()


def main():
    set_name("tallyport")
    socks = []
    for slot in range(WORKERS):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", PORT_BASE + slot))
        s.listen(64)
        socks.append(s)
    elog("INFO", "Starting gunicorn 21.2.0")
    elog("INFO", f"Listening at: http://127.0.0.1:{PORT_BASE} ({os.getpid()})")
    elog("INFO", "Using worker: sync")
    kids = {}

    def spawn(slot):
        pid = os.fork()
        if pid == 0:
            worker(slot, socks[slot])
        kids[pid] = slot
        elog("INFO", f"Booting worker with pid: {pid}")

    for slot in range(WORKERS):
        spawn(slot)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *a: stopping.append(1))
    while not stopping:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        if pid and pid in kids:
            slot = kids.pop(pid)
            if not stopping:
                spawn(slot)
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
