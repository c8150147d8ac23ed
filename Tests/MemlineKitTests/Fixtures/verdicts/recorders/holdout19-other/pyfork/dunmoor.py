#!/usr/bin/env python3
"""dunmoor 4.1.0: a customs-declaration intake API for memline's h19-python-* incident, run as a gunicorn-style
pre-fork server in stdlib Python (a stand-in for `gunicorn -w 4 -k gthread --threads 4 --keep-alive 75`):

    python3 dunmoor.py PORT LOG_DIR

The master (process name `dunmoor`, via prctl) binds one socket and forks 4 workers; each serves it with a thread
per connection and HTTP/1.1 keep-alive, so a client holding one connection stays on one worker. Master and workers
write gunicorn's error-log lines to LOG_DIR/error.log (the master notices a worker killed by SIGKILL and boots a new
one, as gunicorn does); each request is logged by its worker to LOG_DIR/access.log, one logfmt line led by the time
(time, pid, method, path, status, duration in ms, bytes in and out).

Endpoints:
  GET  /v1/consignments/<id>/status        cheap, the most frequent (portal polling)
  GET  /v1/tariff-lookup?code=...           small
  POST /v1/declarations/<id>/attachments    an attachment upload. Small ones (< 256 KiB) are checksummed and
                                            answered inline. Since 4.1.0 large ones go to the OCR staging path,
                                            which keeps the raw body, its base64 for the OCR vendor and a
                                            normalised copy in `_ocr_staging[decl]` until the OCR callback comes;
                                            the callback route was never wired in this deployment, so nothing is
                                            ever released: the worker grows by ~3.3x each large body (the leak).
  GET  /healthz
SIGTERM to the master stops the workers and exits.
"""
import base64
import ctypes
import hashlib
import os
import signal
import socket
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
LOG_DIR = sys.argv[2]
WORKERS = 4
LARGE = 256 * 1024


def set_name(name):
    try:
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)
    except OSError:
        pass


def elog(level, msg):
    t = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000")
    with open(os.path.join(LOG_DIR, "error.log"), "a") as f:
        f.write(f"[{t}] [{os.getpid()}] [{level}] {msg}\n")


_ocr_staging = {}
_lock = threading.Lock()


def stage_for_ocr(decl, body):
    raw = bytes(body)
    b64 = base64.b64encode(raw)
    norm = raw.replace(b"\r\n", b"\n") + b"\0"
    with _lock:
        _ocr_staging.setdefault(decl, []).append((raw, b64, norm))
    return len(raw)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dunmoor/4.1.0"

    def log_message(self, *a):
        pass

    def _reply(self, status, body, t0, n_in):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        ms = (time.monotonic() - t0) * 1000
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        fwd = self.headers.get("X-Forwarded-For", self.client_address[0])
        line = (f"time={now} pid={os.getpid()} method={self.command} path={self.path} status={status} "
                f"duration={ms:.2f} bytes_in={n_in} bytes_out={len(data)} remote={fwd}\n")
        with open(os.path.join(LOG_DIR, "access.log"), "a") as f:
            f.write(line)

    def do_GET(self):
        t0 = time.monotonic()
        p = self.path
        if p.startswith("/v1/consignments/") and p.endswith("/status"):
            cid = p.split("/")[3]
            self._reply(200, '{"consignment":"%s","state":"cleared","hold":false}' % cid, t0, 0)
        elif p.startswith("/v1/tariff-lookup"):
            code = p.partition("code=")[2]
            rows = [{"code": code + str(i), "duty": (i * 37) % 19 / 100.0} for i in range(40)]
            self._reply(200, str(rows).replace("'", '"'), t0, 0)
        elif p == "/healthz":
            self._reply(200, '{"ok":true}', t0, 0)
        else:
            self._reply(404, '{"error":"not found"}', t0, 0)

    def do_POST(self):
        t0 = time.monotonic()
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        p = self.path
        if p.startswith("/v1/declarations/") and p.endswith("/attachments"):
            decl = p.split("/")[3]
            digest = hashlib.sha1(body).hexdigest()
            if n >= LARGE:
                stage_for_ocr(decl, body)
                self._reply(202, '{"declaration":"%s","sha1":"%s","ocr":"queued"}' % (decl, digest), t0, n)
            else:
                self._reply(201, '{"declaration":"%s","sha1":"%s","ocr":"inline"}' % (decl, digest), t0, n)
        else:
            self._reply(404, '{"error":"not found"}', t0, n)


class Server(ThreadingHTTPServer):
    daemon_threads = True


def worker(sock, age):
    set_name("dunmoor")
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    elog("INFO", f"Booting worker with pid: {os.getpid()}")
    srv = Server(("127.0.0.1", PORT), Handler, bind_and_activate=False)
    srv.socket.close()
    srv.socket = sock
    srv.serve_forever()


def main():
    set_name("dunmoor")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", PORT))
    sock.listen(128)
    elog("INFO", "Starting gunicorn 21.2.0")
    elog("INFO", f"Listening at: http://0.0.0.0:8000 ({os.getpid()})")
    elog("INFO", "Using worker: gthread")
    kids = {}
    stopping = False

    def spawn(age):
        pid = os.fork()
        if pid == 0:
            worker(sock, age)
            os._exit(0)
        kids[pid] = age

    def stop(*a):
        nonlocal stopping
        stopping = True
        elog("INFO", "Handling signal: term")
        for pid in list(kids):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    for i in range(WORKERS):
        spawn(i + 1)
    age = WORKERS
    while kids:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        kids.pop(pid, None)
        if stopping:
            elog("INFO", f"Worker exiting (pid: {pid})")
            continue
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            elog("ERROR", f"Worker (pid:{pid}) was sent SIGKILL! Perhaps out of memory?")
        else:
            elog("ERROR", f"Worker (pid:{pid}) exited with code {os.waitstatus_to_exitcode(status)}")
        age += 1
        spawn(age)
    elog("INFO", "Shutting down: Master")


if __name__ == "__main__":
    main()
