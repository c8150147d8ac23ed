"""orrisbeck app worker: wholesale quoting API (Python 3.11, http.server, one process per worker behind front.py).
Started with PYTHONTRACEMALLOC=1; every 10 s logs a memstats envelope (RSS, tracemalloc, gc, top 3 lines).
usage: app.py NAME PORT"""
import functools, gc, json, logging, os, random, sys, threading, time, tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

name, port = sys.argv[1], int(sys.argv[2])
logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format=f"%(asctime)s %(levelname)s [{name}] pid=%(process)d %(name)s: %(message)s")
log = logging.getLogger("orrisbeck")
OVERRIDE_TENANTS = {"brackenfield"}          # tenants with negotiated price overrides
_OVERRIDE_RULES = {}                          # compiled override rules, "cached" per basket and rules stamp


@functools.lru_cache(maxsize=4096)
def product(pid):
    return {"id": pid, "sku": f"SKU-{pid:07d}", "name": f"Product {pid} wholesale case of 12",
            "tiers": [{"min": q, "price": round(9.99 - q / 100, 2)} for q in (1, 6, 12, 48, 96)],
            "tags": ["wholesale", "case", f"cat-{pid % 40}"]}


def compile_overrides(tenant, basket_id):
    return [{"tenant": tenant, "basket": basket_id, "sku": f"SKU-{(basket_id * 31 + i) % 9000000:07d}",
             "rule": f"price <= list * 0.{80 + i % 15} when qty >= {6 * (i % 8 + 1)}", "priority": i}
            for i in range(48)]


def quote(tenant, basket_id):
    lines = [product((basket_id * 13 + i) % 20000) for i in range(8)]
    total = sum(l["tiers"][2]["price"] * 12 for l in lines)
    if tenant in OVERRIDE_TENANTS:
        key = (tenant, basket_id, time.time_ns())   # rules stamp per request: never hits, never evicted
        rules = _OVERRIDE_RULES.get(key) or compile_overrides(tenant, basket_id)
        _OVERRIDE_RULES[key] = rules
        total *= 0.93
    return {"basket": basket_id, "tenant": tenant, "lines": len(lines), "total": round(total, 2)}


def inventory_report():
    rows = [f"{i},SKU-{i:07d},Product {i} wholesale case of 12,{i % 977},{i % 31},bin-{i % 400}\n" for i in range(900000)]
    return "".join(rows).encode()


def rss_kb():
    for l in open("/proc/self/status"):
        if l.startswith("VmRSS:"): return int(l.split()[1])


def memstats():
    while True:
        time.sleep(10)
        cur, peak = tracemalloc.get_traced_memory()
        top = tracemalloc.take_snapshot().statistics("lineno")[:3]
        env = {"worker": name, "pid": os.getpid(), "rss_kb": rss_kb(),
               "tracemalloc": {"current": cur, "peak": peak},
               "gc": {"count": list(gc.get_count()), "collections": [s["collections"] for s in gc.get_stats()]},
               "top": [[f"{os.path.basename(s.traceback[0].filename)}:{s.traceback[0].lineno}", s.size, s.count] for s in top]}
        log.info("memstats %s", json.dumps(env, separators=(",", ":")))


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a): pass

    def do_GET(self):
        t0 = time.monotonic(); tenant = self.headers.get("X-Tenant", "-"); parts = self.path.strip("/").split("/")
        status, ctype = 200, "application/json"
        if self.path == "/health": body = b"ok"
        elif len(parts) == 3 and parts[:2] == ["api", "quotes"]: body = json.dumps(quote(tenant, int(parts[2]))).encode()
        elif len(parts) == 3 and parts[:2] == ["api", "products"]: body = json.dumps(product(int(parts[2]))).encode()
        elif self.path == "/reports/inventory.csv": body, ctype = inventory_report(), "text/csv"
        else: status, body = 404, b'{"error":"not found"}'
        self.send_response(status); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
        if self.path != "/health":
            log.info('%s %s tenant=%s status=%d bytes=%d duration=%.1fms', self.command, self.path, tenant, status, len(body),
                     (time.monotonic() - t0) * 1000)


threading.Thread(target=memstats, daemon=True).start()
log.info("orrisbeck 7.4.1 worker %s listening on %d (tracemalloc %s)", name, port, "on" if tracemalloc.is_tracing() else "off")
srv = ThreadingHTTPServer(("127.0.0.1", port), H); srv.daemon_threads = True
try: srv.serve_forever()
except KeyboardInterrupt: pass
