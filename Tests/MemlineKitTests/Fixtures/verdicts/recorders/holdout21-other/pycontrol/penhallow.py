#!/usr/bin/env python3
"""penhallow 2.3.0, a customer-billing API for memline's h21 healthy control (stdlib ThreadingHTTPServer).
   penhallow PORT ACCESS_LOG APP_LOG      (run through a symlink named penhallow to the python3 binary)
GET /api/invoices/<id> (renders an invoice from a template, ~200 KB of temporaries, freed), GET
/api/customers/<id>/balance, GET /healthz. SIGUSR1 reloads the templates (what a templates-only deploy does).
Access log: nginx combined + rt=<s> urt="<s>"; app log: ISO time, level, message. Nothing is kept across requests."""
import http.server
import random
import signal
import sys
import threading
import time

PORT, ACCESS_LOG, APP_LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()
alog = open(ACCESS_LOG, "a", buffering=1)
applog = open(APP_LOG, "a", buffering=1)
TEMPLATES = {"invoice": "INVOICE {n}\n" + "line {i}: {amt:.2f}\n" * 40, "version": "2.3.0"}


def app(level, msg):
    with lock:
        applog.write("%s %s %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), level, msg))


def reload_templates(*_):
    TEMPLATES["version"] = "2.3.1"
    TEMPLATES["invoice"] = "INVOICE {n} (VAT)\n" + "line {i}: {amt:.2f}\n" * 40
    app("INFO", "templates reloaded: invoice.tmpl, statement.tmpl, 14 translations (penhallow-templates 2.3.1)")


signal.signal(signal.SIGUSR1, reload_templates)


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def do_GET(self):
        t0 = time.monotonic()
        status, body = 200, b'{"ok":true}'
        if self.path.startswith("/api/invoices/"):
            rnd = random.Random(self.path)
            lines = [TEMPLATES["invoice"].format(n=self.path[14:], i=i, amt=rnd.uniform(1, 900)) for i in range(120)]
            body = ('{"invoice":"%s","pages":%d,"bytes":%d}' % (self.path[14:], len(lines) // 40, sum(map(len, lines)))).encode()
        elif self.path.startswith("/api/customers/") and self.path.endswith("/balance"):
            body = b'{"balance":"%.2f"}' % random.uniform(-200, 4000)
        elif self.path != "/healthz":
            status, body = 404, b'{"error":"not found"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        rt = time.monotonic() - t0
        ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        with lock:
            alog.write('%s - - [%s] "GET %s HTTP/1.0" %d %d "-" "%s" rt=%.3f urt="%.3f"\n' % (
                self.client_address[0], ts, self.path, status, len(body), self.headers.get("User-Agent", "-"), rt, rt))


app("INFO", "penhallow 2.3.0 listening on 127.0.0.1:%d" % PORT)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), H)
srv.daemon_threads = True
srv.serve_forever()
