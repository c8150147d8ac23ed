#!/usr/bin/env python3
"""tidewell 1.9.4: a weather-station ingest API for memline's h22 python incident, served the gunicorn way:
a master that binds the socket and spawns 2 workers (gthread-style: each worker a threaded HTTP/1.1 server
with keep-alive, accepting on the inherited socket).
   tidewell.py master PORT ACCESS_LOG ERROR_LOG      (spawns: tidewell.py worker FD ID ACCESS_LOG)
Endpoints: GET /api/v2/stations/<id> (small), GET /api/v2/forecast?cell=... (~150 KB temporaries, freed),
GET /api/v2/reports/monthly (slow: 1.5-3.5 s of sleeping on a 'warehouse query', little memory),
POST /api/v2/telemetry/batch: parses the batch and keeps every parsed reading in a per-worker dedup window
(_seen_batches) that is never pruned (the leak). Only the station gateway posts batches, over one keep-alive
connection, so only the worker that accepted that connection grows.
Access log: nginx combined + $request_time, no pid."""
import json, os, random, signal, socket, subprocess, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_seen_batches = {}
_lock = threading.Lock()


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def reply(self, code, body):
        b = json.dumps(body).encode()
        self.send_response(code); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
        return len(b)
    def handle_one(self, method):
        t0 = time.time(); p = self.path; code = 200
        if method == "POST" and p.startswith("/api/v2/telemetry/batch"):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            batch = json.loads(raw)
            readings = [dict(r, station=batch["station"], raw=json.dumps(r)) for r in batch["readings"]]
            with _lock:
                _seen_batches[batch["batch_id"]] = readings
            n = self.reply(202, {"accepted": len(readings)})
        elif p.startswith("/api/v2/stations/"):
            n = self.reply(200, {"station": p.rsplit("/", 1)[-1], "online": True})
        elif p.startswith("/api/v2/forecast"):
            grid = [[random.random() for _ in range(60)] for _ in range(300)]
            n = self.reply(200, {"cells": len(grid), "max": max(max(r) for r in grid)})
        elif p.startswith("/api/v2/reports/monthly"):
            time.sleep(random.uniform(1.5, 3.5))
            n = self.reply(200, {"rows": random.randint(200, 900)})
        elif p == "/healthz":
            n = self.reply(200, {"ok": True})
        else:
            code = 404; n = self.reply(404, {"error": "not found"})
        dt = time.time() - t0
        ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        line = '%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" %.3f\n' % (
            self.client_address[0], ts, method, p, code, n, self.headers.get("User-Agent", "-"), dt)
        os.write(LOG_FD, line.encode())
    def do_GET(self):
        self.handle_one("GET")
    def do_POST(self):
        self.handle_one("POST")


def elog(f, level, msg):
    f.write("[%s] [%d] [%s] %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime()), os.getpid(), level, msg)); f.flush()


if sys.argv[1] == "worker":
    fd, wid, LOG_FD = int(sys.argv[2]), sys.argv[3], os.open(sys.argv[4], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), H, bind_and_activate=False)
    srv.socket.close(); srv.socket = socket.socket(fileno=fd)
    signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=srv.shutdown).start())
    srv.serve_forever(poll_interval=0.5)
    sys.exit(0)

port, access, errlog = int(sys.argv[2]), sys.argv[3], open(sys.argv[4], "a")
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port)); ls.listen(128); ls.set_inheritable(True)
elog(errlog, "INFO", "Starting tidewell 1.9.4")
elog(errlog, "INFO", "Listening at: http://127.0.0.1:%d (%d)" % (port, os.getpid()))
elog(errlog, "INFO", "Using worker: gthread")
kids = []
for i in range(2):
    k = subprocess.Popen([sys.executable, sys.argv[0], "worker", str(ls.fileno()), str(i), access], pass_fds=[ls.fileno()])
    kids.append(k)
    elog(errlog, "INFO", "Booting worker with pid: %d" % k.pid)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
stop.wait()
elog(errlog, "INFO", "Handling signal: term")
for k in kids:
    k.terminate()
for k in kids:
    k.wait(); elog(errlog, "INFO", "Worker exiting (pid: %d)" % k.pid)
elog(errlog, "INFO", "Shutting down: Master")
