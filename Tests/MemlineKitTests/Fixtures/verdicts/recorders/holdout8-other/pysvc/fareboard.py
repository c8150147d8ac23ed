#!/usr/bin/env python3
"""fareboard: an airline fare-quote API (stdlib ThreadingHTTPServer behind nginx), for memline's
h8-python-release-memo incident.

    FAREBOARD_RELEASE=v3.5.0 python3 fareboard.py PORT LOGFILE

Endpoints
  GET /api/fares/search?o=XXX&d=YYY&date=...&pax=N   builds ~120 fare options (~30 KB of JSON-able dicts)
  GET /api/fares/<id>                                  one fare
  GET /api/reports/daily.csv                           the finance export: 260k rows as Python strings joined into
                                                       a ~25 MB body, all garbage once sent
  GET /healthz
Release v3.5.0 adds a "search memo" to speed up repeated searches: results are kept in a module-level dict keyed by
(route, date, pax, session) -> the first page of 40 options (~45 KB of dicts): the session id makes almost every key unique and nothing ever evicts them. v3.4.0
has no memo.
"""
import json
import os
import random
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

RELEASE = os.environ.get("FAREBOARD_RELEASE", "v3.4.0")
MEMO_ON = RELEASE >= "v3.5.0"
_search_memo = {}
_memo_lock = threading.Lock()
LOG = open(sys.argv[2], "a", buffering=1)
CARRIERS = ["LH", "OS", "LX", "SN", "EW", "4U", "TK", "KL", "AF", "SK"]


def log(msg):
    t = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S,%f")[:-3]
    LOG.write(f"{t} INFO fareboard[{os.getpid()}] {msg}\n")


def build_options(o, d, date, pax):
    rnd = random.Random(hash((o, d, date, pax)))
    return [{"id": f"{o}{d}{date}{i:03d}", "carrier": rnd.choice(CARRIERS), "flight": f"{rnd.randint(100, 9999)}",
             "dep": f"{date}T{rnd.randint(5, 22):02d}:{rnd.choice(['05', '20', '35', '50'])}",
             "fare_basis": "".join(rnd.choice("YBMHQKLTVXW") for _ in range(7)),
             "price": {"amount": round(rnd.uniform(59, 1400), 2), "currency": "EUR", "taxes": round(rnd.uniform(12, 180), 2)},
             "legs": [{"from": o, "to": d, "cabin": rnd.choice("YYYWC"), "seats": rnd.randint(1, 9)}],
             "rules": "Changes permitted for a fee. " * rnd.randint(1, 4)} for i in range(120)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        u = urlparse(self.path)
        if u.path == "/healthz":
            return self.send(200, b'{"ok":true}')
        if u.path == "/api/fares/search":
            q = {k: v[0] for k, v in parse_qs(u.query).items()}
            key = (q.get("o"), q.get("d"), q.get("date"), q.get("pax"), self.headers.get("X-Session", ""))
            opts = None
            if MEMO_ON:
                with _memo_lock:
                    opts = _search_memo.get(key)
            if opts is None:
                opts = build_options(q.get("o"), q.get("d"), q.get("date"), q.get("pax"))[:40]
                if MEMO_ON:
                    with _memo_lock:
                        _search_memo[key] = opts
            body = json.dumps({"options": opts, "total": 120}).encode()
            return self.send(200, body)
        if u.path.startswith("/api/fares/"):
            return self.send(200, json.dumps({"id": u.path.rsplit("/", 1)[1], "price": 199.0}).encode())
        if u.path == "/api/reports/daily.csv":
            rows = [f"{i},{random.choice(CARRIERS)},{random.randint(100, 9999)},{random.uniform(59, 1400):.2f},EUR,"
                    f"booked,{'x' * 48}" for i in range(260_000)]
            body = ("id,carrier,flight,amount,currency,state,ref\n" + "\n".join(rows)).encode()
            del rows
            log(f"daily.csv export: {len(body)} bytes")
            return self.send(200, body, "text/csv")
        return self.send(404, b'{"error":"not found"}')


def stats():
    while True:
        time.sleep(10)
        log(f"stats release={RELEASE} memo_entries={len(_search_memo)} threads={threading.active_count()}")


if __name__ == "__main__":
    srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    srv.daemon_threads = True
    log(f"fareboard {RELEASE} listening on 127.0.0.1:{sys.argv[1]} (python {sys.version.split()[0]})")
    threading.Thread(target=stats, daemon=True).start()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
