#!/usr/bin/env python3
"""thornfield: a flood-forecast API for memline's h20-python control, stdlib ThreadingHTTPServer + prometheus_client
(its default registry: process_resident_memory_bytes etc. from the process collector).

    python3 thornfield.py VERSION PORT ACCESS_LOG

Endpoints:
  GET /api/gauges/<id>            latest river level, small
  GET /api/forecast/<catchment>   a 48 h forecast, small
  GET /api/forecast/bulk          the whole-region ensemble for the flood desk: one 34-48 MiB grid per request
                                  (mmap-backed, above glibc's largest mmap threshold), 0.4-0.9 s, freed on return
  GET /metrics                    Prometheus exposition
  GET /healthz
One logfmt access line per request (time first, level, pid, method, path, status, duration ms, bytes).
SIGTERM: exit.
"""
import json
import os
import random
import signal
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Info, generate_latest

VERSION, PORT, ACCESS_LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3]
REQS = Counter("thornfield_http_requests", "HTTP requests", ["endpoint", "status"])
Info("thornfield_build", "build info").info({"version": VERSION})
GAUGES = {i: [round(random.uniform(0.2, 3.5), 2) for _ in range(96)] for i in range(1, 3001)}  # warm table, flat
LOCK = threading.Lock()
LOG = open(ACCESS_LOG, "a", buffering=1)


def bulk_forecast():
    grid = bytearray(random.randint(34, 48) << 20)
    for i in range(0, len(grid), 4096):
        grid[i] = i >> 12 & 0xFF
    time.sleep(random.uniform(0.4, 0.9))
    n = len(grid)
    del grid
    return {"members": 51, "cells": n // 64}


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = f"thornfield/{VERSION}"

    def log_message(self, *a):
        pass

    def do_GET(self):
        t0 = time.monotonic()
        path = self.path.partition("?")[0]
        status, ctype = 200, "application/json"
        if path == "/metrics":
            data, ctype, ep = generate_latest(), CONTENT_TYPE_LATEST, "/metrics"
        else:
            if path == "/api/forecast/bulk":
                out, ep = bulk_forecast(), "/api/forecast/bulk"
            elif path.startswith("/api/gauges/"):
                g = int(path.rsplit("/", 1)[1])
                out, ep = {"gauge": g, "level_m": GAUGES.get(g, [0])[-1]}, "/api/gauges/:id"
            elif path.startswith("/api/forecast/"):
                out, ep = {"catchment": path.rsplit("/", 1)[1], "hours": [round(random.random(), 3) for _ in range(48)]}, "/api/forecast/:catchment"
            elif path == "/healthz":
                out, ep = {"ok": True, "version": VERSION}, "/healthz"
            else:
                out, ep, status = {"error": "not found"}, "other", 404
            data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        REQS.labels(ep, str(status)).inc()
        if path != "/metrics":
            now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            with LOCK:
                LOG.write(f"time={now} level=info pid={os.getpid()} method=GET path={self.path} status={status} "
                          f"duration={(time.monotonic() - t0) * 1000:.1f} bytes={len(data)}\n")


signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
srv = ThreadingHTTPServer(("127.0.0.1", PORT), H)
srv.daemon_threads = True
srv.serve_forever()
