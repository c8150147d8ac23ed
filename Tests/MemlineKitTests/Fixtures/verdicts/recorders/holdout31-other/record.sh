#!/usr/bin/env bash
# Records the holdout31-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), node (20), procps, sysstat.
#   ./record.sh [INCIDENT…]   default: all four, one at a time
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json, README.md and oncall-notes.txt there are written by hand and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
B=h31-beam-quillmere-permit-check-restarted-beside-tariff-report-camera-batch
J=h31-jemalloc-brimcombe-worker-tenant-barcode-beside-manifest-export-v5-3-deploy
P=h31-platform-node-ottermere-pdf-renderer-config-beside-v87-deploy-export-r14
Y=h31-python-harwick-native-thumbnail-beside-tag-cache-rates-job
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=("$B" "$J" "$P" "$Y")

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md ! -name oncall-notes.txt -exec rm -rf {} +; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
srv() { rm -rf "/srv/$1"; mkdir -p "/srv/$1"; echo "/srv/$1"; } # apps run from /srv/<app>

# $B: beam/*.erl, one OTP 25 node (erl -sname quillmere, TZ=Australia/Sydney +11:00) for BEAM_SECONDS s.
# plate_feed sends ~400 camera reads/s to permit_check (the culprit), which keeps every plate's sightings in its
# state map, never pruned. At CRASH_AT s a camera sends an empty plate: permit_check crashes, the supervisor
# restarts it (new pid, empty state) and it grows again. Traps: tariff_report every 12 s (a ~100 MB transient
# heap, the biggest process when it runs; the notes blame it), the zone_rules ETS table (18,000 rows, the biggest
# table, reloaded every 20 s, bounded), and an ops config change camera_batch 50 -> 200 at CFG_AT s over
# distribution (nothing reads it). Probes: the node's own mem_probe every 10 s (erlang:memory(), ets:i(),
# recon:proc_count) stamped RFC 3339; a `while sleep 5` ps loop; the logger's file handler, multi-line reports.
record_beam() {
  local seconds="${BEAM_SECONDS:-110}" dest="$out_root/$B" run app host
  export TZ=Australia/Sydney CRASH_AT="${CRASH_AT:-52}"
  run="$(mktemp -d)"; app="$(srv quillmere)"; host="$(hostname -s)"
  mkdir -p "$app/ebin" "$app/log" "$run/out"
  erlc -o "$app/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$app/log/quillmere.log\"},formatter=>{logger_formatter,#{single_line=>false}}}}]"
  (cd "$app" && exec erl -noshell -sname quillmere -setcookie quillmere_ops -pa ebin -kernel logger_level info -kernel error_logger_format_depth 20 \
     -kernel logger "$logger" -eval "quillmere:start($seconds)" > "$run/erl.out" 2>&1) &
  local erlsh=$! p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname quillmere' | head -1 || true)"; done
  (while sleep 5; do [ -d /proc/$p ] || break; date '+%Y-%m-%dT%H:%M:%S%:z'; ps -o pid,rss,vsz,etime,args -p "$p" | cut -c1-110; done > "$run/out/ps-quillmere.log") &
  local loop=$!
  (sleep "${CFG_AT:-22}"; cd "$app" && erl -noshell -sname ops1 -setcookie quillmere_ops -eval "N = 'quillmere@$host',
     rpc:call(N, application, set_env, [quillmere, camera_batch, 200]),
     rpc:call(N, logger, notice, [\"config change: camera_batch 50 -> 200 (PARK-311, by d.okafor)\", [],
                                  #{gl => rpc:call(N, erlang, whereis, [user])}]), halt().") &
  local cfg=$!
  wait "$erlsh" || true
  wait "$cfg" || true
  sleep 1; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  clean "$dest"
  local f; for f in "$app"/log/* "$run"/out/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/erl.out"
  echo "beam: $dest pid $p scratch $run"
}

# $J: jemalloc/brimcombe.c (built -g against jemalloc 5.3 with profiling), TZ=America/Sao_Paulo (-03), JE_SECONDS s.
# A master forks 4 workers (comm brimcombe-w1..w4); balancer.py routes each tenant to one worker by crc32 of
# X-Tenant. Culprit: harrowgate-freight, the one tenant whose label template has a GS1-128 barcode, is routed to
# worker 4; free_label never frees the 12,180-byte barcode bitmap (render_barcode), so worker 4
# alone grows. Traps: GET /v2/manifests/export every 14 s from tenants in turn (~190,000 360-byte rows and a
# ~40 MB CSV, freed: the biggest jumps, on every worker; the notes blame it), the v5.3.0 deploy just before
# (deploy.log), the fixed template cache. Heap profiles come from an ops loop sending SIGUSR2 every 20 s: each
# worker writes prof/heap-w<N>.<seq>.heap (no pid in the name; the app's syslog-style log says which pid wrote
# which). pidstat -r -C brimcombe 5 (blocks, 24-hour times, date only in the banner); access log with w= and pid=.
record_jemalloc() {
  local seconds="${JE_SECONDS:-100}" dest="$out_root/$J" run app port
  export TZ=America/Sao_Paulo
  run="$(mktemp -d)"; app="$(srv brimcombe)"; port="$(free_port)"
  mkdir -p "$app/bin" "$app/src" "$app/prof" "$app/log" "$run/out"
  cp "$here/jemalloc/brimcombe.c" "$app/src/"
  (cd "$app" && gcc -O1 -g -Wall -Wno-format-truncation -o bin/brimcombe src/brimcombe.c -ljemalloc)
  { echo "$(date '+%Y-%m-%d %H:%M:%S %z') deploy brimcombe 5.3.0 (c81f2d4) to label-gw-2: started by ci (pipeline 8841)"
    echo "$(date '+%Y-%m-%d %H:%M:%S %z') changes: carrier templates for Q1 services, jemalloc heap profiling on, label cache keyed by service"
    echo "$(date '+%Y-%m-%d %H:%M:%S %z') systemctl restart brimcombe"; } >> "$run/out/deploy.log"
  (cd "$app" && MALLOC_CONF=prof:true,prof_active:true,lg_prof_sample:16 \
     exec "$app/bin/brimcombe" "$port" 4 "$app/log/access.log" "$app/log/brimcombe.log") &
  local pid=$!
  sleep 0.5; echo "$(date '+%Y-%m-%d %H:%M:%S %z') brimcombe.service active (running), main pid $pid; deploy finished" >> "$run/out/deploy.log"
  LC_ALL=C pidstat -r -C brimcombe 5 > "$run/out/pidstat.txt" 2>/dev/null &   # pidstat itself, so kill stops it
  local ps=$!
  (while sleep 20; do for w in $(pgrep -P "$pid"); do kill -USR2 "$w" 2>/dev/null || true; done; done) &
  local dl=$!
  python3 "$here/jemalloc/balancer.py" "$port" 4 "$seconds" 14 > "$run/feed.out" 2>&1 || true
  kill "$dl" 2>/dev/null || true; wait "$dl" 2>/dev/null || true
  for w in $(pgrep -P "$pid"); do kill -USR2 "$w"; done; sleep 1
  kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || true
  sleep 1; kill "$ps" 2>/dev/null || true; wait "$ps" 2>/dev/null || true
  clean "$dest"; mkdir -p "$dest/prof" "$dest/bin"
  cp "$app/bin/brimcombe" "$dest/bin/brimcombe"
  sleep 2; cp "$app"/prof/*.heap "$dest/prof/"   # copied later, without -p
  local f; for f in "$run"/out/* "$app"/log/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/feed.out"
  echo "jemalloc: $dest pid $pid scratch $run"
}

# $Y: python/app.py (Python 3.11, http.server, -X tracemalloc), TZ=Asia/Kolkata (+05:30), PY_SECONDS s.
# load.py: ~30 listing pages/s, ~8 photo uploads/s. Culprit: render_thumbnail (app.py) decodes into a 143 KB libc
# buffer through ctypes and returns early for EXIF-rotated photos (orientation 6 or 8, about a fifth) without
# freeing it: RSS grows ~250 KB/s and tracemalloc cannot see it. Traps: _TAG_CACHE (a small dict of listing tags
# that only grows, the top growing line in every tracemalloc snapshot; the notes blame it), refresh_rates every
# 10 s (150,000 tuples, transient: the biggest jumps in the snapshot peaks). A `while sleep 5` loop over
# /proc/PID/smaps_rollup stamped with a day-first local time without offset; http.server's own access log on
# stderr; Python logging's default asctime (no offset); snapshots tm-NN.txt (no pid) from the app's debug thread
# every 20 s and on SIGUSR1 at the end, copied without mtimes.
record_python() {
  local seconds="${PY_SECONDS:-100}" dest="$out_root/$Y" run app port
  export TZ=Asia/Kolkata
  run="$(mktemp -d)"; app="$(srv harwick)"; port="$(free_port)"
  mkdir -p "$app/log" "$run/out"
  cp "$here/python/app.py" "$app/"
  (cd "$app" && exec /usr/bin/python3 -X tracemalloc app.py "$port" 2> "$app/log/access.log") &
  local pid=$!
  (while sleep 5; do [ -d /proc/$pid ] || break
     echo "$(date '+%d/%m/%Y %H:%M:%S') pid=$pid $(awk '/^(Rss|Pss|Anonymous):/{printf "%s%s kB ", $1, $2}' /proc/$pid/smaps_rollup)"; done > "$run/out/smaps-rollup.log") &
  local loop=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  /usr/bin/python3 "$here/python/load.py" "$port" "$seconds" > "$run/load.out" 2>&1 || true
  kill -USR1 "$pid"; sleep 2
  kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || true
  sleep 1; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  clean "$dest"; mkdir -p "$dest/tracemalloc"
  sleep 2; cp "$app"/tracemalloc/*.txt "$dest/tracemalloc/"   # copied later, without -p
  local f; for f in "$run"/out/* "$app"/log/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/load.out"
  echo "python: $dest pid $pid scratch $run"
}

# $P: platform/logplex.py runs the Procfile's dynos as real Node 20 processes (web.1, web.2: web.js; worker.1:
# worker.js) for PLAT_SECONDS s; load.py sends ~40 req/s through its router. At start the v87 code deploy boots
# the formation (the notes blame it; memory stays flat after it). At PLAT_CONFIG s `heroku config:set
# PDF_RENDERER=inline` (release v88) restarts every dyno: from then GET /orders/:id/invoice.pdf renders in-process
# and registers a ~1,370-glyph font subset per document in fontRegistry, never released (the culprit, both web
# dynos). Traps: GET /exports/orders.csv (a 560 MB buffer: R14 on the dyno that serves it, then freed), worker.1's
# digest every 12 s (transient), the v87 deploy. The drain is the raw capture of an HTTPS drain: octet-counted
# RFC 5424 frames, UTC.
record_platform() {
  local seconds="${PLAT_SECONDS:-112}" cfg="${PLAT_CONFIG:-30}" dest="$out_root/$P" run app port
  export TZ=UTC
  run="$(mktemp -d)"; app="$(srv ottermere)"; port="$(free_port)"
  cp "$here/platform/web.js" "$here/platform/worker.js" "$app/"
  printf 'web: node web.js\nworker: node worker.js\n' > "$app/Procfile"
  (cd "$app" && exec /usr/bin/python3 "$here/platform/logplex.py" "$app" "$run/drain.log" "$port" "$seconds" "$cfg") > "$run/emu.out" 2>&1 &
  local emu=$!
  sleep 3
  /usr/bin/python3 "$here/platform/load.py" "$port" "$((seconds - 6))" "${PLAT_EXPORTS:-16,74}" > "$run/load.out" 2>&1 || true
  wait "$emu" || true
  clean "$dest"
  ship "$run/drain.log" "$dest/drain-ottermere-$(date -u +%Y%m%d).log"
  cp "$app/Procfile" "$dest/Procfile"
  cat "$run/emu.out" "$run/load.out"
  echo "platform: $dest scratch $run"
}


for i in "${incidents[@]}"; do
  case "$i" in
    "$B") record_beam ;;
    "$J") record_jemalloc ;;
    "$P") record_platform ;;
    "$Y") record_python ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit 0
}
