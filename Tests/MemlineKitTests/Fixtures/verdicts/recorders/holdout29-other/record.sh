#!/usr/bin/env bash
# Records the holdout29-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), node (20), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four, one at a time
#     h29-beam-hexmoor-locker-presence-restart-beside-courier-sync-crashes-slot-planner                beam/      ~100 s
#     h29-jemalloc-tarnwick-trace-sampling-reload-span-buffer-beside-blamed-deploy-tariff-snapshot      jemalloc/  ~110 s
#     h29-platform-node-larchgate-route-index-rare-job-beside-vehicle-sync-fares-export-r14             platform/  ~115 s
#     h29-python-orrisbeck-tenant-override-rules-app-1-beside-inventory-report-product-lru              python/    ~110 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json, README.md and oncall-notes.txt there are written by hand and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
B=h29-beam-hexmoor-locker-presence-restart-beside-courier-sync-crashes-slot-planner
J=h29-jemalloc-tarnwick-trace-sampling-reload-span-buffer-beside-blamed-deploy-tariff-snapshot
P=h29-platform-node-larchgate-route-index-rare-job-beside-vehicle-sync-fares-export-r14
Y=h29-python-orrisbeck-tenant-override-rules-app-1-beside-inventory-report-product-lru
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

# $B: beam/*.erl, one OTP 25 node (erl -sname hexmoor, TZ=Asia/Kolkata +05:30) for BEAM_SECONDS s. door_feed
# sends ~1,100 door events/s to locker_presence, which keeps each in a map until an ack that deletes a swapped
# key (the culprit, ~300 B/event kept). At BEAM_GLITCH s a frame without locker id crashes it (badmatch);
# hexmoor_sup restarts it under a new pid and it grows again from empty. Traps: courier_sync exits on courier API
# timeouts every few runs (crash reports, restarts; the notes blame it), slot_planner's ~100 MB heap every 15 s,
# the parcel_cache ETS table (the largest, bounded at 30,000 rows). The node's own mem_probe appends
# erlang:memory(), ETS and a recon-style top list to log/probe.log every 8 s; logger file handler with a
# multi-line template formatter; a `while sleep 5` loop over VmRSS with RFC 2822 stamps.
record_beam() {
  local seconds="${BEAM_SECONDS:-100}" glitch="${BEAM_GLITCH:-47}" dest="$out_root/$B" run app
  export TZ=Asia/Kolkata
  run="$(mktemp -d)"; app="$(srv hexmoor)"
  mkdir -p "$app/ebin" "$app/log" "$run/out"
  erlc -o "$app/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$app/log/hexmoor.log\"},formatter=>{logger_formatter,#{single_line=>false,chars_limit=>6000,depth=>24,template=>[time,\" \",level,\" \",pid,{mfa,[\" \",mfa,\":\",line],[]},\"\\n    \",msg,\"\\n\"]}}}}]"
  (cd "$app" && exec erl -noshell -sname hexmoor -pa ebin -kernel logger_level info \
     -kernel logger "$logger" -eval "hexmoor:start($seconds, $glitch)" > "$run/erl.out" 2>&1) &
  local erlsh=$! p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname hexmoor' | head -1 || true)"; done
  (while sleep 5; do echo "$(date -R) $(grep VmRSS /proc/$p/status || echo gone)"; [ -d /proc/$p ] || break; done \
     > "$run/out/vmrss-hexmoor.txt") &
  local loop=$!
  wait "$erlsh" || true
  sleep 1; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  clean "$dest"
  ship "$app/log/hexmoor.log" "$dest/hexmoor.log"
  ship "$app/log/probe.log" "$dest/probe.log"
  ship "$run/out/vmrss-hexmoor.txt" "$dest/vmrss-hexmoor.txt"
  cat "$run/erl.out"
  echo "beam: $dest pid $p scratch $run"
}

# $J: jemalloc/tarnwick.c, TZ=America/Denver (-07:00), JE_SECONDS s. meter_feed.py sends ~3,000 readings/s. The
# 4.2.0 deploy happens right before the start (deploy.log; the notes blame it) and memory stays flat. At
# JE_RELOAD s ops set trace_sampling = 0.25 in tarnwick.conf and send SIGHUP (conf diff kept): from then every
# sampled reading's span is pushed to span_buffer and, with no exporter_endpoint, never freed (the culprit,
# ~290 KB/s). Trap: write_tariff_snapshot's 48 MiB image every 15 s (freed). Profiles by SIGUSR2 every 12 s
# (heap/tarnwick.<epoch>.heap, pid not in the name, mtimes kept); pidstat -r with ISO times; syslog-style log.
record_jemalloc() {
  local seconds="${JE_SECONDS:-105}" reload="${JE_RELOAD:-38}" dest="$out_root/$J" run app port
  export TZ=America/Denver
  run="$(mktemp -d)"; app="$(srv tarnwick)"; port="$(free_port)"
  mkdir -p "$app/bin" "$app/src" "$app/heap" "$app/log" "$app/snapshots" "$run/out"
  cp "$here/jemalloc/tarnwick.c" "$app/src/"
  (cd "$app" && gcc -O1 -g -Wall -Wno-format-truncation -o bin/tarnwick src/tarnwick.c -ljemalloc)
  printf '# tarnwick.conf (managed by config repo)\nsnapshot_every_s = 15\ntrace_sampling = 0.0\nexporter_endpoint = ""\n' > "$app/tarnwick.conf"
  { echo "$(date '+%Y-%m-%d %H:%M:%S %Z') deploy tarnwick 4.2.0 (git 5be02d1) to meter-ingest-2 by jenkins #1184"
    echo "$(date '+%Y-%m-%d %H:%M:%S %Z') changes: snapshot format v3, gzip level 6 -> 4, libcurl 8.4 -> 8.5"
    echo "$(date '+%Y-%m-%d %H:%M:%S %Z') systemctl restart tarnwick"; } >> "$run/out/deploy.log"
  (cd "$app" && MALLOC_CONF=prof:true,prof_active:true,lg_prof_sample:16 \
     exec "$app/bin/tarnwick" "$port" "$app/tarnwick.conf" "$app/log/tarnwick.log") &
  local pid=$!
  sleep 0.5; echo "$(date '+%Y-%m-%d %H:%M:%S %Z') tarnwick active (running), main pid $pid" >> "$run/out/deploy.log"
  (S_TIME_FORMAT=ISO LC_ALL=C pidstat -r -p "$pid" 5 > "$run/out/pidstat-tarnwick.txt" 2>/dev/null || true) &
  local ps=$!
  (while sleep 12; do kill -USR2 "$pid" 2>/dev/null || break; done) &
  local dumps=$!
  (sleep "$reload"; cp "$app/tarnwick.conf" "$run/tarnwick.conf.orig"
   sed -i 's/^trace_sampling = .*/trace_sampling = 0.25/' "$app/tarnwick.conf"
   (cd "$run" && diff -u tarnwick.conf.orig "$app/tarnwick.conf" | sed "s#$app/##" > "$run/out/tarnwick-conf-$(date +%Y%m%d%H%M%S).diff") || true
   kill -HUP "$pid") &
  local rl=$!
  python3 "$here/jemalloc/meter_feed.py" "$port" "$seconds" 3000 > "$run/feed.out"
  wait "$rl" || true
  kill "$dumps" 2>/dev/null || true; wait "$dumps" 2>/dev/null || true
  sleep 1; kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || true
  sleep 3; kill "$ps" 2>/dev/null || true; wait "$ps" 2>/dev/null || true
  clean "$dest"; mkdir -p "$dest/heap" "$dest/bin"
  cp "$app/bin/tarnwick" "$dest/bin/tarnwick"
  cp -p "$app"/heap/*.heap "$dest/heap/"
  local f; for f in "$run"/out/* "$app/log/tarnwick.log" "$app/tarnwick.conf"; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/feed.out"
  echo "jemalloc: $dest pid $pid scratch $run"
}

# $P: platform/herokuish.py runs the Procfile's dynos as real node 20 processes (web.1, web.2: web.js; worker.1:
# worker.js) for PLAT_SECONDS s, routes load.py's ~25 req/s through its proxy and writes what `heroku logs --tail`
# prints (UTC). worker.1's RebuildRouteIndex (every 28 s, 4 runs) pushes the previous index to previousIndexes,
# never trimmed (the culprit: worker.1 steps up with each rebuild). Traps: SyncVehiclePositions every 4 s on the
# same dyno (big transient arrays, runs all through), GET /exports/fares.csv (a ~540 MB Buffer: R14 on the web
# dyno that serves it; the notes blame it). The capture was stopped with ^C: its last line is cut.
record_platform() {
  local seconds="${PLAT_SECONDS:-112}" dest="$out_root/$P" run app port
  export TZ=UTC
  run="$(mktemp -d)"; app="$(srv larchgate)"; port="$(free_port)"
  cp "$here/platform/web.js" "$here/platform/worker.js" "$app/"
  printf 'web: node web.js\nworker: node worker.js\n' > "$app/Procfile"
  (cd "$app" && exec python3 "$here/platform/herokuish.py" "$app" "$run/heroku.log" "$port" "$seconds") > "$run/emu.out" 2>&1 &
  local emu=$!
  sleep 3
  python3 "$here/platform/load.py" "$port" "$((seconds - 8))" 25 "${PLAT_EXPORTS:-46}" > "$run/load.out" 2>&1 || true
  wait "$emu" || true
  clean "$dest"
  local size; size="$(stat -c %s "$run/heroku.log")"
  head -c $((size - 40)) "$run/heroku.log" > "$run/larchgate-api-heroku-logs.txt"
  touch -r "$run/heroku.log" "$run/larchgate-api-heroku-logs.txt"
  ship "$run/larchgate-api-heroku-logs.txt" "$dest/larchgate-api-heroku-logs.txt"
  cp "$app/Procfile" "$dest/Procfile"
  cat "$run/emu.out" "$run/load.out"
  echo "platform: $dest scratch $run"
}

# $Y: python/app.py x 3 (app-1..3, Python 3.11, PYTHONTRACEMALLOC=1) behind python/front.py, which sends each
# tenant to one worker by crc32(X-Tenant) % 3 (nginx `hash $http_x_tenant`), TZ=America/Sao_Paulo (-03:00), for
# PY_SECONDS s. brackenfield, the one tenant with price overrides, lands on app-1: every quote of its compiles 48
# override rules kept in _OVERRIDE_RULES under a per-request stamp (the culprit: app-1 diverges, ~14 KB/quote).
# Traps: alderhythe's GET /reports/inventory.csv (900,000 rows in memory, on app-3: its RSS jumps and mostly
# stays; the notes blame it), the product lru_cache (maxsize 4096, the largest tracemalloc line everywhere, flat
# once full). Each worker logs a memstats JSON envelope every 10 s; nginx-style access log; a ps loop with local
# stamps copied off the box through a Windows jump host (CRLF).
record_python() {
  local seconds="${PY_SECONDS:-105}" dest="$out_root/$Y" run app port
  export TZ=America/Sao_Paulo
  run="$(mktemp -d)"; app="$(srv orrisbeck)"; port="$(free_port)"
  mkdir -p "$app/log" "$run/out"
  cp "$here/python/app.py" "$here/python/front.py" "$app/"
  local pids=() i
  for i in 1 2 3; do
    (cd "$app" && PYTHONTRACEMALLOC=1 PYTHONUNBUFFERED=1 exec python3 app.py "app-$i" "$((port + i))" >> "$app/log/app-$i.log" 2>&1) &
    pids+=($!)
  done
  (cd "$app" && exec python3 front.py "$port" "$app/log/access.log" "$((port + 1))" "$((port + 2))" "$((port + 3))") &
  local front=$!
  sleep 1.5
  (while sleep 5; do date '+%F %T'; ps -o pid,ppid,rss,vsz,etimes,args -p "$(IFS=,; echo "${pids[*]},$front")" || break; done \
     > "$run/ps-orrisbeck.txt") &
  local loop=$!
  python3 "$here/python/load.py" "$port" "$seconds" 70 "${PY_REPORTS:-32,72}" > "$run/load.out" 2>&1 || true
  sleep 2
  kill -TERM "${pids[@]}" 2>/dev/null || true; kill "$front" 2>/dev/null || true
  for i in "${pids[@]}" "$front"; do wait "$i" 2>/dev/null || true; done
  sleep 1; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  clean "$dest"
  sed 's/$/\r/' "$run/ps-orrisbeck.txt" > "$run/out/ps-orrisbeck.txt"; touch -r "$run/ps-orrisbeck.txt" "$run/out/ps-orrisbeck.txt"
  local f; for f in "$app"/log/* "$run"/out/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/load.out"
  echo "python: $dest pids ${pids[*]} front $front scratch $run"
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
