"""sallowby 5.2.0: a theatre box-office API for memline's h20-python incident, a WSGI app served by real gunicorn
(`gunicorn -c gunicorn.conf.py sallowby:app`: 3 sync workers recycled by max_requests).

Endpoints:
  GET  /api/shows/<id>               a show, small
  GET  /api/shows/<id>/seats         the seat map of a show (~2,400 seats), built per request and dropped
  POST /api/holds                    holds seats for a basket. 5.2 keeps each hold's seat-map snapshot in
                                     _HOLD_LEDGER for the "release on expiry" sweep, which was moved to the
                                     scheduler and never runs in the web workers: ~150-250 KB kept per hold until
                                     the worker is recycled (the leak)
  GET  /api/exports/sales.csv        the box-office sales export: slow (5-9 s), streams ~60k rows from a ~10 MB
                                     list built up front, released when done
  GET  /healthz
Each request appends one logfmt line to $SALLOWBY_ACCESS_LOG: pid first, then ts, method, path, status, duration
(ms), bytes.
"""
import json
import os
import random
import time
from datetime import datetime, timezone

ACCESS = open(os.environ.get("SALLOWBY_ACCESS_LOG", "access.log"), "a", buffering=1)
_HOLD_LEDGER = {}
ROWS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def seat_map(show):
    rnd = random.Random(show)
    return [f"{r}{n:03d}:{'free' if rnd.random() < 0.6 else 'sold'}:{show}" for r in ROWS for n in range(1, 101)]


def create_hold(body):
    req = json.loads(body or b"{}")
    show = int(req.get("show", 1))
    hold_id = f"H{os.getpid()}-{time.monotonic_ns()}"
    snapshot = seat_map(show)
    seats = random.sample(range(len(snapshot)), k=min(6, int(req.get("seats", 2))))
    _HOLD_LEDGER[hold_id] = {"show": show, "seats": seats, "snapshot": snapshot,
                             "basket": req.get("basket"), "expires": time.time() + 600}
    return 201, {"hold": hold_id, "seats": [snapshot[i].split(":")[0] for i in seats]}


def sales_export():
    rows = [f"{i},{random.randint(1, 900)},{random.choice(ROWS)}{random.randint(1, 100)},{random.uniform(12, 95):.2f},GBP\n"
            for i in range(60_000)]
    t_end = time.monotonic() + random.uniform(5, 9)
    chunk = max(1, len(rows) // 40)
    for i in range(0, len(rows), chunk):
        yield "".join(rows[i:i + chunk]).encode()
        time.sleep(max(0.0, (t_end - time.monotonic()) / max(1, (len(rows) - i) // chunk)))
    del rows


def app(environ, start_response):
    t0 = time.monotonic()
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
    status, ctype, body = 200, "application/json", None
    if path == "/api/holds" and method == "POST":
        n = int(environ.get("CONTENT_LENGTH") or 0)
        status, out = create_hold(environ["wsgi.input"].read(n))
    elif path.startswith("/api/shows/") and path.endswith("/seats"):
        seats = seat_map(int(path.split("/")[3]))
        out = {"free": sum(1 for s in seats if ":free:" in s), "total": len(seats)}
    elif path.startswith("/api/shows/"):
        out = {"id": path.rsplit("/", 1)[1], "title": "The Winter's Tale", "venue": "Sallowby Playhouse"}
    elif path == "/api/exports/sales.csv":
        out = None
    elif path == "/healthz":
        out = {"ok": True}
    else:
        status, out = 404, {"error": "not found"}
    if out is None:
        ctype, body = "text/csv", sales_export()
    else:
        body = [json.dumps(out).encode()]
    start_response(f"{status} {'OK' if status < 300 else 'Not Found'}", [("Content-Type", ctype)])
    sent = 0
    for part in body:
        sent += len(part)
        yield part
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    ACCESS.write(f"pid={os.getpid()} ts={now} method={method} path={path} status={status} "
                 f"duration={(time.monotonic() - t0) * 1000:.2f} bytes={sent}\n")
