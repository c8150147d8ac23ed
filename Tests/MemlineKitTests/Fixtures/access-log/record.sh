#!/bin/sh
# Records the access-log fixtures: nginx (Debian 12, nginx 1.22.1) and Apache (apache2 2.4) in front of a
# small Python upstream that sleeps on /slow and /reports/:id/export, driven by curl.
# Usage: sh record.sh [OUT_DIR]   (default: this script's directory). Needs nginx, apache2, python3, curl.
set -eu
OUT=$(cd "${1:-$(dirname "$0")}" && pwd)
WORK=$(mktemp -d)
trap 'kill $UP_PID $NGX_PID $APA_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
UP_PID=""; NGX_PID=""; APA_PID=""

cat > "$WORK/upstream.py" <<'PY'
import http.server, time, sys
class H(http.server.BaseHTTPRequestHandler):
    def reply(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        path = self.path.split("?")[0]
        if path.startswith("/missing"):
            code, body = 404, b"not found\n"
        elif path == "/slow" or path.endswith("/export"):
            time.sleep(0.8); code, body = 200, b"x" * 40000
        elif self.command == "POST":
            time.sleep(0.05); code, body = 201, b'{"id": 7}\n'
        else:
            time.sleep(0.01); code, body = 200, b"ok " + path.encode() + b"\n"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = reply
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/upstream.py" 18071 & UP_PID=$!

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<'NGX'
daemon off;
worker_processes 1;
error_log logs/error.log;
pid logs/nginx.pid;
events { worker_connections 64; }
http {
    log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                     '"$http_referer" "$http_user_agent" $request_time $upstream_response_time';
    log_format timed_kv '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                        '"$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time" '
                        'uht="$upstream_header_time" urt="$upstream_response_time"';
    access_log logs/access.log combined;
    access_log logs/access_timed.log timed;
    access_log logs/access_kv.log timed_kv;
    client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp; scgi_temp_path tmp;
    server {
        listen 127.0.0.1:18070;
        location /static/ { return 200 "static\n"; }
        location / { proxy_pass http://127.0.0.1:18071; }
    }
}
NGX
mkdir -p "$WORK/nginx/tmp"
TZ=UTC nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" & NGX_PID=$!

mkdir -p "$WORK/apache/logs"
cat > "$WORK/apache/httpd.conf" <<APA
ServerRoot "$WORK/apache"
PidFile logs/httpd.pid
ErrorLog logs/error.log
Listen 127.0.0.1:18072
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so
ServerName localhost
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
LogFormat "%h %l %u %t \"%r\" %>s %b" common
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %D" timed_d
LogFormat "%h %l %u %t \"%r\" %>s %b %T" common_t
CustomLog logs/access_combined_d.log timed_d
CustomLog logs/access_common.log common
CustomLog logs/access_common_t.log common_t
ProxyPass / http://127.0.0.1:18071/
APA
# A zone east of UTC-0, so the stamp carries an offset other than +0000.
TZ=America/New_York apache2 -f "$WORK/apache/httpd.conf" -DFOREGROUND & APA_PID=$!
sleep 1

drive() {
    base=$1
    for i in 1 2 3 4 5 6 7 8; do curl -s -o /dev/null "$base/reports/$((i + 10))?page=$i&x=1"; done
    curl -s -o /dev/null "$base/"
    curl -s -o /dev/null "$base/users/12/edit"
    curl -s -o /dev/null "$base/static/app.css"
    for i in 1 2 3; do curl -s -o /dev/null "$base/missing/$i"; done
    curl -s -o /dev/null -X POST -d 'name=a&size=3' "$base/imports"
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"n":1}' "$base/api/v1/orders"
    curl -s -o /dev/null "$base/reports/44/export"
    curl -s -o /dev/null -A 'Mozilla/5.0 (X11; Linux x86_64) "quoted" agent' -e 'https://example.com/a?b=1' "$base/slow"
    for i in 1 2 3 4 5 6; do curl -s -o /dev/null "$base/orders/2ffd7a51-489c-4892-9fec-9dd6172f69e2?i=$i"; done
    curl -s -o /dev/null -I "$base/users/7"
    curl -s -o /dev/null "$base/reports/45/export"
    for i in 1 2 3 4; do curl -s -o /dev/null "$base/health"; done
}
drive http://127.0.0.1:18070
drive http://127.0.0.1:18072
sleep 1
kill "$NGX_PID" "$APA_PID"; wait "$NGX_PID" "$APA_PID" 2>/dev/null || true
cp "$WORK/nginx/logs/access.log" "$OUT/nginx-combined.log"
cp "$WORK/nginx/logs/access_timed.log" "$OUT/nginx-timed.log"
cp "$WORK/nginx/logs/access_kv.log" "$OUT/nginx-timed-kv.log"
cp "$WORK/apache/logs/access_combined_d.log" "$OUT/apache-combined-D.log"
cp "$WORK/apache/logs/access_common.log" "$OUT/apache-common.log"
cp "$WORK/apache/logs/access_common_t.log" "$OUT/apache-common-T.log"
