"""menuapi: a restaurant-menu API served the way gunicorn's sync workers serve a WSGI app, in stdlib Python.

    python3 menuapi.py PORT WORKERS MAX_REQUESTS JITTER

The master loads the app (preload: a 60k-dish catalog, ~70 MB), binds PORT, forks WORKERS workers and re-forks one whenever
a worker exits; each worker serves one request at a time (HTTP/1.0, Connection: close) and, like gunicorn's
max_requests / max_requests_jitter, exits after MAX_REQUESTS + randint(0, JITTER) requests. Log lines go to
stderr in gunicorn's format ("[2026-12-06 12:10:00 +0000] [pid] [INFO] ...").

Endpoints:
  GET  /menus/<id>          renders a restaurant's menu (~170 KB of HTML) through functools.lru_cache(maxsize=96):
                            each worker's cache fills with 96 of the 180 restaurants' menus in its first ~30 s
                            and then stays at that size (bounded, a plateau).
  GET  /reports/daily.csv   builds the day's order report (~150k rows, a ~14 MB CSV) per request and drops it.
  POST /orders              small.
  GET  /healthz             tiny.
"""
import functools
import http.server
import os
import random
import signal
import socket
import sys
import time

PORT, WORKERS, MAX_REQUESTS, JITTER = (int(a) for a in sys.argv[1:5])


def log(level, msg):
    stamp = time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime())
    sys.stderr.write("[%s] [%d] [%s] %s\n" % (stamp, os.getpid(), level, msg))
    sys.stderr.flush()


# ---- the app, loaded once in the master (preload_app) ------------------------------------------
CATALOG = {i: {"name": "dish %d" % i, "desc": ("braised, roasted or raw; seasonal %d " % i) * 12,
               "price_cents": 450 + i % 3000, "allergens": ["gluten", "nuts"][: i % 3]}
           for i in range(60000)}


@functools.lru_cache(maxsize=96)
def render_menu(restaurant_id):
    rng = random.Random(restaurant_id)
    dishes = [CATALOG[rng.randrange(60000)] for _ in range(320)]
    rows = "".join("<tr><td>%s</td><td>%s</td><td>%d.%02d</td></tr>\n"
                   % (d["name"], d["desc"], d["price_cents"] // 100, d["price_cents"] % 100) for d in dishes)
    return "<html><body><h1>Restaurant %d</h1><table>\n%s</table></body></html>" % (restaurant_id, rows)


def daily_report():
    rows = [(n, "order-%08d" % n, "restaurant-%d" % (n % 180), n % 9000 + 450, "2026-12-06T%02d:%02d:00Z" % (n % 24, n % 60))
            for n in range(150000)]
    csv = "\n".join("%d,%s,%s,%d,%s" % r for r in rows)
    time.sleep(0.15)  # the database round trips
    return csv.encode()


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "gunicorn"
    sys_version = ""

    def log_message(self, fmt, *args):  # the access log is nginx's
        pass

    def reply(self, code, body, ctype):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/menus/"):
            try:
                rid = int(self.path.split("/")[2])
            except ValueError:
                return self.reply(404, b"not found", "text/plain")
            time.sleep(0.004)
            self.reply(200, render_menu(rid).encode(), "text/html; charset=utf-8")
        elif self.path == "/reports/daily.csv":
            self.reply(200, daily_report(), "text/csv")
        elif self.path == "/healthz":
            self.reply(200, b"ok", "text/plain")
        else:
            self.reply(404, b"not found", "text/plain")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n)
        if self.path == "/orders":
            time.sleep(0.01)
            self.reply(201, b'{"id":%d,"bytes":%d}' % (random.randrange(10**9), len(body)), "application/json")
        else:
            self.reply(404, b"not found", "text/plain")


def worker(listener):
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    limit = MAX_REQUESTS + random.randint(0, JITTER)
    served = 0
    while True:
        conn, addr = listener.accept()
        try:
            Handler(conn, addr, None)
        except Exception as e:  # noqa: BLE001 - a broken client connection
            log("ERROR", "Error handling request: %r" % (e,))
        finally:
            try:
                conn.close()
            except OSError:
                pass
        served += 1
        if served >= limit:
            log("INFO", "Autorestarting worker after current request.")
            log("INFO", "Worker exiting (pid: %d)" % os.getpid())
            os._exit(0)


def spawn(listener):
    pid = os.fork()
    if pid == 0:
        random.seed(os.getpid())
        try:
            worker(listener)
        finally:
            os._exit(0)
    log("INFO", "Booting worker with pid: %d" % pid)
    return pid


def main():
    log("INFO", "Starting gunicorn 21.2.0")
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", PORT))
    listener.listen(128)
    log("INFO", "Listening at: http://127.0.0.1:%d (%d)" % (PORT, os.getpid()))
    log("INFO", "Using worker: sync")
    children = {spawn(listener) for _ in range(WORKERS)}
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    while not stopping:  # the arbiter: reap and replace exited workers
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.2)
            continue
        children.discard(pid)
        children.add(spawn(listener))
    log("INFO", "Handling signal: term")
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    log("INFO", "Shutting down: Master")


if __name__ == "__main__":
    main()
