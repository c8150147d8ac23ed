"""harwick-photos 2.14.0: listing pages and photo thumbnails for a lettings site (Python 3.11, http.server).
Thumbnails are decoded by the native scaler (libc buffers through ctypes, as the vendored libjpeg shim does).
Runs with -X tracemalloc; every 20 s (and on SIGUSR1) a debug thread writes the top 25 lines of a tracemalloc
snapshot to tracemalloc/tm-NN.txt.
usage: app.py PORT"""
import ctypes, ctypes.util, json, logging, os, random, re, signal, sys, threading, time, tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

logging.basicConfig(filename="log/harwick.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
log = logging.getLogger("harwick")
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]

_TAG_CACHE = {}          # listing id -> rendered amenity tags, kept for the listing page
_RATES = {"GBP": 1.0}
stats = {"thumbs": 0, "rotated": 0, "pages": 0}
lock = threading.Lock()


def tags_for(listing_id):
    t = _TAG_CACHE.get(listing_id)
    if t is None:
        t = [f"{k}:{(listing_id * 31 + i) % 97}" for i, k in enumerate(("garden", "parking", "pets", "bills", "epc", "floor"))]
        _TAG_CACHE[listing_id] = t
    return t


def render_thumbnail(listing_id, width, height, orientation):
    """Decode into a native RGB buffer, scale to 320 px, return the JPEG-ish bytes."""
    size = width * height * 3 // 256          # the shim decodes at 1/16 scale
    buf = libc.malloc(size)
    ctypes.memset(buf, 0x7F, size)
    if orientation in (6, 8):                 # EXIF rotate: scaled copy is produced by the rotation path
        out = ctypes.string_at(buf, 4096)
        with lock: stats["rotated"] += 1
        return out                            # (buf is not freed on this path)
    out = ctypes.string_at(buf, 4096)
    libc.free(buf)
    return out


def refresh_rates():
    """Every 10 s: pull the day's FX table for the overseas-tenant prices (a big transient list)."""
    n = 0
    while True:
        time.sleep(10)
        n += 1
        t0 = time.monotonic()
        rows = [("GBPEUR", i, 1.0 + i * 1e-6, 1.0 + i * 2e-6, f"q{i}") for i in range(150000)]
        _RATES["EUR"] = 0.86 + sum(r[2] for r in rows) / len(rows) / 100
        del rows
        log.info("refresh_rates: run %d, 150000 quotes, EUR %.4f in %.2fs", n, _RATES["EUR"], time.monotonic() - t0)


_dump_now = threading.Event()


def snapshot_loop():
    while True:
        _dump_now.wait(20); _dump_now.clear()
        dump_snapshot()


def dump_snapshot():
    n = len(os.listdir("tracemalloc")) + 1
    snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
                                                      tracemalloc.Filter(False, tracemalloc.__file__)])
    cur, peak = tracemalloc.get_traced_memory()
    with open(f"tracemalloc/tm-{n:02d}.txt", "w") as f:
        f.write(f"# tracemalloc snapshot {n}: traced current={cur} peak={peak}\n")
        f.write("# snapshot.statistics('lineno')[:25]\n")
        for s in snap.statistics("lineno")[:25]:
            f.write(f"{s}\n")


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send(self, code, body, ctype="application/json"):
        self.send_response(code); self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)

    def do_GET(self):
        m = re.fullmatch(r"/listings/(\d+)", self.path)
        if m:
            lid = int(m.group(1))
            body = json.dumps({"id": lid, "tags": tags_for(lid), "rent_eur": round(1450 * _RATES.get("EUR", 1.0), 2)}).encode()
            with lock: stats["pages"] += 1
            return self.send(200, body)
        if self.path == "/healthz": return self.send(200, b'{"ok":true}')
        self.send(404, b"{}")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        m = re.fullmatch(r"/listings/(\d+)/photos", self.path)
        if not m: return self.send(404, b"{}")
        meta = json.loads(body)
        thumb = render_thumbnail(int(m.group(1)), meta["width"], meta["height"], meta.get("orientation", 1))
        with lock: stats["thumbs"] += 1
        self.send(201, json.dumps({"thumb_bytes": len(thumb)}).encode())


def stats_loop():
    while True:
        time.sleep(15)
        log.info("stats: thumbnails=%d rotated=%d pages=%d tag_cache=%d", stats["thumbs"], stats["rotated"], stats["pages"], len(_TAG_CACHE))


if __name__ == "__main__":
    os.makedirs("tracemalloc", exist_ok=True)
    signal.signal(signal.SIGUSR1, lambda s, f: _dump_now.set())
    signal.signal(signal.SIGTERM, lambda s, f: (_ for _ in ()).throw(KeyboardInterrupt))
    threading.Thread(target=snapshot_loop, daemon=True).start()
    threading.Thread(target=refresh_rates, daemon=True).start()
    threading.Thread(target=stats_loop, daemon=True).start()
    srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
    srv.daemon_threads = True
    log.info("harwick-photos 2.14.0 listening on %s (pid %d, tracemalloc %d frame(s))", sys.argv[1], os.getpid(), tracemalloc.get_traceback_limit())
    try: srv.serve_forever()
    except KeyboardInterrupt: pass
    log.info("shutting down")
