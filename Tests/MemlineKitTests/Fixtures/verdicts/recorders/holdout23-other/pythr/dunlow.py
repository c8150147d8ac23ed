"""dunlow 4.2.1: a claims-intake API for memline's h23 python incident (stdlib Python 3.11, one process,
ThreadingHTTPServer).

    python3 dunlow.py PORT ACCESS_LOG APP_LOG TRACE_DIR

POST /api/claims/intake       keeps every request body (20-60 KB of JSON) in the module-level list _INTAKE_AUDIT
                              "for the audit export", never trimmed (the leak)
GET  /api/claims/<id>         a claim summary
GET  /api/policies/search     builds and throws away a few thousand dicts per call (garbage)
GET  /reports/nightly-reconcile  builds the reconciliation in 1 MB text chunks up to ~150 MB over ~15 s, returns a
                              summary and frees it all (trap: a 150 MB peak that goes away)
tracemalloc runs from start (1 frame); SIGUSR1 writes the top 12 lines of a snapshot to TRACE_DIR.
The access log uses gunicorn's default access format plus the request time in microseconds, local time.
"""
import json
import logging
import os
import random
import signal
import sys
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

tracemalloc.start(1)
PORT, ACCESS_LOG, APP_LOG, TRACE_DIR = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

logging.basicConfig(filename=APP_LOG, level=logging.INFO,
                    format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
                    datefmt="%Y-%m-%d %H:%M:%S %z")
log = logging.getLogger("dunlow")
access = open(ACCESS_LOG, "a", buffering=1)
access_lock = threading.Lock()

_INTAKE_AUDIT = []  # every intake body, for the audit export


def dump_trace(_sig, _frame):
    snap = tracemalloc.take_snapshot()
    stamp = time.strftime("%Y%m%dT%H%M%S%z")
    with open(os.path.join(TRACE_DIR, f"tracemalloc-{stamp}.txt"), "w") as f:
        f.write(f"# tracemalloc snapshot pid {os.getpid()} at {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n")
        cur, peak = tracemalloc.get_traced_memory()
        f.write(f"# traced current={cur} peak={peak}\n")
        for stat in snap.statistics("lineno")[:12]:
            f.write(f"{stat}\n")
    log.info("tracemalloc snapshot written (%d top lines)", 12)


signal.signal(signal.SIGUSR1, dump_trace)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return len(data)

    def handle_one(self):
        path = self.path.split("?", 1)[0]
        if self.command == "POST" and path == "/api/claims/intake":
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n)
            _INTAKE_AUDIT.append(body)
            claim = json.loads(body)
            return self.reply(201, {"claim": claim["claim_ref"], "queued": True})
        if self.command == "GET" and path.startswith("/api/claims/"):
            cid = path.rsplit("/", 1)[1]
            return self.reply(200, {"claim": cid, "state": random.choice(["open", "review", "paid"])})
        if self.command == "GET" and path == "/api/policies/search":
            rows = [{"policy": f"P{random.randint(1, 10**6):07d}", "holder": "x" * 40, "score": random.random()}
                    for _ in range(4000)]
            rows.sort(key=lambda r: r["score"])
            return self.reply(200, {"hits": len(rows), "top": rows[:5]})
        if self.command == "GET" and path == "/reports/nightly-reconcile":
            log.info("nightly-reconcile: building report")
            chunks = []
            for i in range(150):
                chunks.append(("%08d;" % i) * (1024 * 1024 // 9) + "\n")
                time.sleep(0.1)
            total = sum(len(c) for c in chunks)
            time.sleep(2.0)
            log.info("nightly-reconcile: %d lines, %d bytes", len(chunks), total)
            del chunks
            return self.reply(200, {"report": "nightly-reconcile", "bytes": total})
        return self.reply(404, {"error": "not found"})

    def handle_request(self):
        t0 = time.time()
        try:
            size = self.handle_one()
            status = 201 if self.command == "POST" and self.path.startswith("/api/claims/intake") else 200
        except Exception:
            log.exception("request failed")
            size, status = 0, 500
        dt = time.time() - t0
        ts = time.strftime("[%d/%b/%Y:%H:%M:%S %z]", time.localtime(t0))
        ua = self.headers.get("User-Agent", "-")
        with access_lock:
            access.write(f'{self.client_address[0]} - - {ts} "{self.requestline}" {status} {size} "-" "{ua}" '
                         f"{int(dt * 1_000_000)}\n")

    do_GET = handle_request
    do_POST = handle_request


if __name__ == "__main__":
    srv = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    srv.daemon_threads = True
    log.info("dunlow 4.2.1 listening on 127.0.0.1:%d (pid %d, threaded)", PORT, os.getpid())
    signal.signal(signal.SIGTERM, lambda *_: (log.info("SIGTERM, shutting down"), os._exit(0)))
    srv.serve_forever()
