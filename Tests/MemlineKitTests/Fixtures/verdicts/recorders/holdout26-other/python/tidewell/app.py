"""tidewell 5.2.0: harbour berth/tide portal. ThreadingHTTPServer; python logging to tidewell.log, combined-format
access log with size rotation (each line ends with rss_kb=, the process RSS after the response, from the memory-report
middleware the team added while chasing the RSS alerts); tracemalloc on (TIDEWELL_TRACEMALLOC=1), snapshot text on POST /debug/tracemalloc."""
import gc
import logging
import logging.handlers
import os
import random
import signal
import sys
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tidewell import geocode, reports, thumbs  # noqa: E402

LOG_DIR = os.environ["TIDEWELL_LOG_DIR"]
SNAP_DIR = os.environ["TIDEWELL_SNAP_DIR"]
if os.environ.get("TIDEWELL_TRACEMALLOC") == "1":
    tracemalloc.start(1)
log = logging.getLogger("tidewell")
h = logging.FileHandler(os.path.join(LOG_DIR, "tidewell.log"))
h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"))
log.addHandler(h)
log.setLevel(logging.INFO)
acc = logging.getLogger("access")
ah = logging.handlers.RotatingFileHandler(os.path.join(LOG_DIR, "access.log"), maxBytes=450_000, backupCount=3)
ah.setFormatter(logging.Formatter("%(message)s"))
acc.addHandler(ah)
acc.setLevel(logging.INFO)
acc.propagate = False
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
_prev = [None]
_snaps = [0]


def snapshot_text():
    snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    cur, peak = tracemalloc.get_traced_memory()
    _snaps[0] += 1
    out = [f"# tracemalloc snapshot {_snaps[0]} at {time.strftime('%Y-%m-%dT%H:%M:%S%z')} traced_current={cur} traced_peak={peak}",
           "## top 12 by lineno"]
    out += [str(s) for s in snap.statistics("lineno")[:12]]
    if _prev[0] is not None:
        out.append("## top 8 growth since previous snapshot (compare_to lineno)")
        out += [str(s) for s in snap.compare_to(_prev[0], "lineno")[:8]]
    _prev[0] = snap
    return "\n".join(out) + "\n"


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "tidewell/5.2.0"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self._bytes = len(body)

    def handle_one(self, method):
        t0 = time.monotonic()
        u = urlparse(self.path)
        q = parse_qs(u.query)
        parts = u.path.strip("/").split("/")
        self._bytes = 0
        if method == "GET" and len(parts) == 3 and parts[0] == "tiles" and parts[2] == "thumb":
            fmt = q.get("fmt", ["jpeg"])[0]
            self.send(200, thumbs.render_thumb(int(parts[1]), fmt), f"image/{fmt}")
        elif method == "GET" and len(parts) == 2 and parts[0] == "berths":
            lat, lon = 51.4400 + random.randint(0, 4000) / 1e4, -3.1700 - random.randint(0, 3000) / 1e4
            self.send(200, str(geocode.place_for(lat, lon)).encode())
        elif method == "GET" and u.path == "/reports/tides.csv":
            body = reports.tide_table_csv()
            time.sleep(3)
            self.send(200, body, "text/csv")
            del body
            gc.collect()
        elif method == "GET" and u.path == "/healthz":
            self.send(200, b'{"ok":true}')
        elif method == "POST" and u.path == "/debug/tracemalloc":
            self.send(200, snapshot_text().encode(), "text/plain")
        else:
            self.send(404, b'{"error":"not found"}')
        ms = (time.monotonic() - t0) * 1000
        with open("/proc/self/statm") as f:
            rss_kb = int(f.read().split()[1]) * PAGE_KB
        acc.info('%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" %.1fms rss_kb=%d', self.headers.get("X-Forwarded-For", "127.0.0.1"),
                 time.strftime("%d/%b/%Y:%H:%M:%S %z"), method, self.path, 200 if self._bytes else 404, self._bytes,
                 self.headers.get("User-Agent", "-"), ms, rss_kb)

    def do_GET(self):
        self.handle_one("GET")

    def do_POST(self):
        self.handle_one("POST")


if __name__ == "__main__":
    port = int(sys.argv[1])
    srv = ThreadingHTTPServer(("127.0.0.1", port), H)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    log.info("tidewell 5.2.0 listening on 127.0.0.1:%d (pid %d, tracemalloc %s)", port, os.getpid(),
             "on" if tracemalloc.is_tracing() else "off")
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    log.info("tidewell stopping (SIGTERM)")
