"""fennick: class-booking API for a chain of climbing gyms (web dyno). Endpoints: GET /api/classes/<id>,
POST /api/bookings, POST /webhooks/stripe (payment events; dedup of retried events), GET /reports/monthly.pdf
(the month's attendance rendered in memory). Logs like gunicorn to stdout."""
import json, logging, os, signal, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format="[%(asctime)s +0000] [%(process)d] [%(levelname)s] %(message)s", datefmt="%Y-%m-%d %H:%M:%S")
logging.Formatter.converter = time.gmtime
log = logging.getLogger("fennick")
_SEEN_EVENTS = {}  # event id -> parsed event, so a retried delivery is acknowledged without re-booking


def stripe_webhook(body):
    event = json.loads(body)
    if event["id"] in _SEEN_EVENTS:
        return 200, {"received": True, "duplicate": True}
    _SEEN_EVENTS[event["id"]] = event
    if len(_SEEN_EVENTS) % 250 == 0:
        log.info("stripe webhook: %d events seen", len(_SEEN_EVENTS))
    return 200, {"received": True}


def monthly_report():
    t0 = time.monotonic()
    rows = [(f"member-{i:07d}", i % 97, float(i) / 3.0, "2026-11") for i in range(3_200_000)]
    by_gym = {}
    for _, gym, mins, _ in rows:
        by_gym[gym] = by_gym.get(gym, 0.0) + mins
    pdf = ("%PDF-1.4\n" + "".join(f"gym {g}: {m:.0f} minutes\n" for g, m in sorted(by_gym.items()))).encode()
    log.info("monthly report rendered: %d rows in %.1fs", len(rows), time.monotonic() - t0)
    del rows
    return pdf


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a): pass

    def reply(self, status, payload, ctype="application/json"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health": return self.reply(200, {"ok": True})
        if self.path.startswith("/api/classes/"):
            cid = self.path.rsplit("/", 1)[1]
            return self.reply(200, {"class": cid, "spots": 12, "coach": "R. Okafor"})
        if self.path == "/reports/monthly.pdf":
            return self.reply(200, monthly_report(), "application/pdf")
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/webhooks/stripe": return self.reply(*stripe_webhook(body))
        if self.path == "/api/bookings": return self.reply(201, {"booking": json.loads(body).get("class")})
        self.reply(404, {"error": "not found"})


port = int(os.environ["PORT"])
log.info("Listening at: http://0.0.0.0:%d (%d)", port, os.getpid())
log.info("Booting worker with pid: %d", os.getpid())
srv = ThreadingHTTPServer(("127.0.0.1", port), H); srv.daemon_threads = True
def _term(signum, frame):
    raise KeyboardInterrupt
signal.signal(signal.SIGTERM, _term)
try: srv.serve_forever()
except KeyboardInterrupt: log.info("Handling signal: term"); log.info("Shutting down: Master")
