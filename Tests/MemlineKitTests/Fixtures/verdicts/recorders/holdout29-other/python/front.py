"""front: the nginx in front of the three app workers, `hash $http_x_tenant` style (crc32 of the tenant header
modulo the upstreams, in config order), access log in nginx's combined format plus upstream and timing fields.
usage: front.py PORT ACCESS_LOG UPSTREAM_PORT..."""
import http.client, sys, time, zlib
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, access, ups = int(sys.argv[1]), open(sys.argv[2], "a", buffering=1), [int(p) for p in sys.argv[3:]]


class F(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a): pass

    def do_GET(self):
        t0 = time.monotonic(); tenant = self.headers.get("X-Tenant", "")
        up = ups[zlib.crc32(tenant.encode()) % len(ups)]
        c = http.client.HTTPConnection("127.0.0.1", up, timeout=120)
        c.request("GET", self.path, headers={"X-Tenant": tenant}); r = c.getresponse(); body = r.read(); c.close()
        self.send_response(r.status); self.send_header("Content-Type", r.getheader("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
        rt = time.monotonic() - t0
        stamp = datetime.now().astimezone().strftime("%d/%b/%Y:%H:%M:%S %z")
        access.write(f'10.20.{up % 7}.{len(tenant) + 10} - - [{stamp}] "GET {self.path} HTTP/1.1" {r.status} {len(body)} "-" '
                     f'"orrisbeck-client/3.2 ({tenant})" rt={rt:.3f} uct="0.000" urt="{rt:.3f}" upstream=127.0.0.1:{up} '
                     f'tenant={tenant}\n')


srv = ThreadingHTTPServer(("127.0.0.1", port), F); srv.daemon_threads = True
srv.serve_forever()
