"""tenantdesk.py PORT LOGDIR: tenantdesk 6.2.0, a multi-tenant billing API in stdlib Python (one process,
ThreadingHTTPServer: a thread per request), for memline's h15-python-tenantdesk-* incident. Its process name is
set to `tenantdesk` (prctl PR_SET_NAME) so pidstat -C and the kernel's OOM report name it.

  GET /t/<tenant>/rates?base=EUR    FX rates for a tenant's price list. The per-tenant rate cache keys each entry on
                                    (base, minute, request id): the request id went into the key with 6.2.0's
                                    tracing change, so no entry is ever hit again, and nothing evicts: every call
                                    keeps its ~300-pair rate table and rendered body (the leak)
  GET /t/<tenant>/reports/ledger    the tenant's ledger report: builds 220k ledger rows, aggregates, drops them
                                    (garbage-heavy: tens of MB for ~0.5 s)
  GET /t/<tenant>/invoices/<id>     small
  GET /healthz                      small
Access log: nginx-style combined plus request time in seconds (`$request_time`), written at the end of the request.
"""
import ctypes, json, os, random, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    ctypes.CDLL(None).prctl(15, b"tenantdesk", 0, 0, 0)  # PR_SET_NAME
except Exception:
    pass

PORT, LOGDIR = int(sys.argv[1]), sys.argv[2]
log_lock = threading.Lock()
alog = open(os.path.join(LOGDIR, "access.log"), "a", buffering=1)
rate_cache = {}          # tenant -> {(base, minute, request_id): (table, body)}
cache_lock = threading.Lock()
PAIRS = ["%s%s" % (a, b) for a in ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "JPY", "CAD",
                                   "AUD", "NZD", "SGD", "HKD", "ZAR") for b in ("EUR", "USD", "GBP", "CHF", "SEK", "NOK",
                                   "DKK", "PLN", "CZK", "HUF", "JPY", "CAD", "AUD", "NZD", "SGD", "HKD", "ZAR", "MXN")]


def rates(tenant, base, rid):
    minute = int(time.time() // 60)
    key = (base, minute, rid)
    with cache_lock:
        hit = rate_cache.get(tenant, {}).get(key)
    if hit:
        return hit[1]
    rng = random.Random(hash((tenant, base, minute)))
    table = {"%s:%s:%s" % (tenant, base, p): round(rng.uniform(0.01, 400.0), 6) for p in PAIRS}
    body = json.dumps({"tenant": tenant, "base": base, "rates": table}).encode()
    with cache_lock:
        rate_cache.setdefault(tenant, {})[key] = (table, body)
    return body


def ledger_report(tenant):
    rows = [{"tenant": tenant, "entry": i, "account": "4%03d" % (i % 700), "amount": (i * 37) % 10007 / 100.0,
             "memo": "posting %d" % i} for i in range(220000)]
    by_account = {}
    for r in rows:
        by_account[r["account"]] = by_account.get(r["account"], 0.0) + r["amount"]
    return json.dumps({"tenant": tenant, "accounts": len(by_account), "total": round(sum(by_account.values()), 2)}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        t0 = time.time()
        parts = self.path.split("?")[0].strip("/").split("/")
        status, body = 200, b""
        if parts == ["healthz"]:
            body = b"ok"
        elif len(parts) >= 3 and parts[0] == "t" and parts[2] == "rates":
            base = self.path.split("base=")[-1][:3] if "base=" in self.path else "EUR"
            body = rates(parts[1], base, self.headers.get("X-Request-Id", "-"))
        elif len(parts) >= 4 and parts[0] == "t" and parts[2:4] == ["reports", "ledger"]:
            body = ledger_report(parts[1])
        elif len(parts) == 4 and parts[0] == "t" and parts[2] == "invoices":
            body = json.dumps({"invoice": parts[3], "tenant": parts[1], "lines": list(range(20))}).encode()
        else:
            status, body = 404, b'{"error":"not found"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        now = time.time()
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now))
        with log_lock:
            alog.write('%s - - [%s] "GET %s HTTP/1.0" %d %d "-" "%s" %.3f\n'
                       % (self.headers.get("X-Forwarded-For", self.client_address[0]), stamp, self.path, status,
                          len(body), self.headers.get("User-Agent", "-"), now - t0))

    def log_message(self, *a):
        pass


print("tenantdesk 6.2.0 pid %d listening on 127.0.0.1:%d" % (os.getpid(), PORT), file=sys.stderr, flush=True)
srv = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
srv.daemon_threads = True
srv.serve_forever()
