#!/usr/bin/env bash
# Records the holdout2-other verdict incidents (not run by CI). Needs Debian 12: python3 (3.11), nginx
# (nginx-light or nginx, 1.22), gcc, libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), sysstat.
#   ./record.sh [SECONDS] [INCIDENT…]   default: 120 s, python-access-leak jemalloc-two-caches
# python-access-leak: pyapp/app.py (stdlib ThreadingHTTPServer) behind Debian's nginx on loopback (timed
#   combined access log: ... "$http_user_agent" $request_time $upstream_response_time), pyapp/worker.py (a
#   small job every 2 s), pyapp/load.py (4 client threads through nginx), pyapp/memsample.py sampling VmRSS of
#   app, worker and the nginx processes once a second into memory.csv.
# jemalloc-two-caches: cachesrv.c built with gcc -g against jemalloc, run with heap-profile interval dumps and
#   pidstat -r at 1 s; the built binary is shipped in the incident folder under bin/ (the dumps name the
#   deploy path /opt/cachesrv/bin/cachesrv, not the build directory).
# Each run copies what a user would hand over to ../../<incident>/ (text over ~100 KB gzipped); expected.json
# and README.md there are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
seconds="${1:-120}"
shift || true
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(python-access-leak jemalloc-two-caches)
PY=/usr/bin/python3

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

ship() { # ship SRC DEST: copy, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then
    gzip -9 -n -c "$src" > "$dest.gz"
  else
    cp "$src" "$dest"
  fi
}

record_python() {
  local dest="$out_root/python-access-leak"
  local run
  run="$(mktemp -d)"
  mkdir -p "$run/tmp" "$run/www/static"
  "$PY" -c 'import sys; sys.stdout.write("/*! catalog web bundle */\n" + "var a=1;" * 18000 + "\n")' \
    > "$run/www/static/app.3f9a1c.js"
  local app_port port
  app_port="$(free_port)"
  port="$(free_port)"
  sed -e "s#@RUN@#$run#g" -e "s#@APPPORT@#$app_port#g" -e "s#@PORT@#$port#g" "$here/pyapp/nginx.conf.in" > "$run/nginx.conf"
  echo "# on-call notes $(date -u +%Y-%m-%d) UTC" > "$run/oncall-notes.md"
  echo "api-1: nginx -> catalog api (python, one process, threads) + outbox relay" >> "$run/oncall-notes.md"
  echo "" >> "$run/oncall-notes.md"
  (cd "$here/pyapp" && exec "$PY" app.py "$app_port" 2> "$run/app.log") &
  local app=$!
  (cd "$here/pyapp" && exec "$PY" worker.py 2> "$run/worker.log") &
  local worker=$!
  echo "$app" > "$run/catalog-api.pid"
  echo "$worker" > "$run/outbox-relay.pid"
  nginx -c "$run/nginx.conf" -p "$run"
  sleep 1
  local master workers
  master="$(cat "$run/nginx.pid")"
  workers="$(pgrep -P "$master" | paste -sd,)"
  "$PY" "$here/pyapp/memsample.py" "$((seconds + 3))" "$app,$worker,$master,$workers" > "$run/memory.csv" &
  local sampler=$!
  sleep 2
  echo "$(date -u +%H:%M) paged: api-1 memory alarm, catalog api RSS climbing since the morning" >> "$run/oncall-notes.md"
  "$PY" "$here/pyapp/load.py" "$port" "$seconds" &
  local load=$!
  sleep "$((seconds / 2))"
  echo "$(date -u +%H:%M) finance pulls /export.json every few minutes for the month-end sheets, each one takes a second" >> "$run/oncall-notes.md"
  wait "$load"
  wait "$sampler" || true
  echo "$(date -u +%H:%M) restarting catalog api to buy time" >> "$run/oncall-notes.md"
  kill -TERM "$app" "$worker"
  kill -QUIT "$master"
  wait "$app" "$worker" 2>/dev/null || true
  sleep 1
  # nginx ran with -p <scratch dir>; on the real box that is /srv/catalog (the master's command line says so).
  sed -i "s#$run#/srv/catalog#g" "$run/memory.csv"
  rm -rf "$dest"/access.log* "$dest"/memory.csv* "$dest"/app.log* "$dest"/worker.log* "$dest"/*.pid "$dest"/oncall-notes.md
  mkdir -p "$dest"
  ship "$run/access.log" "$dest/access.log"
  ship "$run/memory.csv" "$dest/memory.csv"
  ship "$run/app.log" "$dest/app.log"
  ship "$run/worker.log" "$dest/worker.log"
  cp "$run/catalog-api.pid" "$run/outbox-relay.pid" "$run/oncall-notes.md" "$dest/"
  rm -rf "$run"
}

record_jemalloc() {
  local dest="$out_root/jemalloc-two-caches"
  local run
  run="$(mktemp -d)"
  cp "$here/cachesrv.c" "$run/"
  (cd "$run" && gcc -g -O1 -fno-omit-frame-pointer -fno-optimize-sibling-calls -fdebug-prefix-map="$run"=/srv/build/cachesrv \
    -o cachesrv cachesrv.c -ljemalloc)
  (cd "$run" && exec env MALLOC_CONF=prof:true,prof_prefix:jeprof,lg_prof_interval:24,lg_prof_sample:17 \
    ./cachesrv "$seconds" > cachesrv.log 2>&1) &
  local srv=$!
  sleep 0.3
  local kids
  kids="$(pgrep -P "$srv" | paste -sd, || true)"
  echo "$srv" > "$run/cachesrv.pid"
  TZ=UTC LC_ALL=C pidstat -r -p "$srv${kids:+,$kids}" 1 "$((seconds + 1))" > "$run/pidstat.txt" &
  local stat=$!
  wait "$srv" || true
  wait "$stat" || true
  # What jeprof says (for the README): the last interval dump, and the growth first -> last.
  local first last
  first="$(cd "$run" && ls jeprof.*.heap | sort -t. -k3,3n | head -1)"
  last="$(cd "$run" && ls jeprof.*.heap | sort -t. -k3,3n | tail -1)"
  (cd "$run" && jeprof --text ./cachesrv "$last" > "$here/jeprof_text_last.txt" 2>&1 || true)
  (cd "$run" && jeprof --text --base="$first" ./cachesrv "$last" > "$here/jeprof_text_base_first_vs_last.txt" 2>&1 || true)
  # The program ran from the build directory; in production it runs as /opt/cachesrv/bin/cachesrv.
  # (keeping each dump's mtime: it is when the dump was written)
  for f in "$run"/jeprof.*.heap; do
    local mt
    mt="$(stat -c %.9Y "$f")"
    sed -i "s#$run/cachesrv#/opt/cachesrv/bin/cachesrv#g" "$f"
    touch -d "@$mt" "$f"
  done
  rm -rf "$dest"/jeprof.*.heap "$dest"/pidstat.txt "$dest"/bin "$dest"/cachesrv.log "$dest"/cachesrv.pid
  mkdir -p "$dest/bin"
  cp -p "$run"/jeprof.*.heap "$dest/"
  cp "$run/pidstat.txt" "$run/cachesrv.log" "$run/cachesrv.pid" "$dest/"
  cp "$run/cachesrv" "$dest/bin/cachesrv"
  rm -rf "$run"
}

for name in "${incidents[@]}"; do
  case "$name" in
    python-access-leak) record_python ;;
    jemalloc-two-caches) record_jemalloc ;;
    *) echo "unknown incident $name" >&2; exit 64 ;;
  esac
done
