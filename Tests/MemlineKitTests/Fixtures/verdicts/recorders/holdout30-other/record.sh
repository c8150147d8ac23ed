#!/usr/bin/env bash
# Records the holdout30-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), node (20), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four, one at a time
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json, README.md and oncall-notes.txt there are written by hand and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
B=h30-beam-ashcombe-archive-sweeper-rare-run-beside-queue-tally-kb-articles
J=h30-jemalloc-cobhurst-checkin-sessions-beside-daily-report-zone-table
P=h30-platform-python-fennick-stripe-event-dedup-cycled-web-1-beside-monthly-report-schedule-sync
N=h30-node-stenmoor-audit-capture-flag-pending-audit-beside-blamed-v2-31-deploy-catalog-export
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=("$B" "$J" "$P" "$N")

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md ! -name oncall-notes.txt -exec rm -rf {} +; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
srv() { rm -rf "/srv/$1"; mkdir -p "/srv/$1"; echo "/srv/$1"; } # apps run from /srv/<app>

# $B: beam/*.erl, one OTP 25 node (erl -sname ashcombe, TZ=Pacific/Auckland +13:00) for BEAM_SECONDS s.
# ticket_intake takes ~400 tickets/s into open_tickets and closes each 20-40 s later into closed_tickets.
# archive_sweeper (the culprit) runs every 30 s (4 runs) and keeps every archived row in its state map, never
# pruned: its memory steps up at each run and stays. Traps: queue_tally every 3 s copies all open tickets three
# times (the biggest process heap, up and down, all through the incident; the notes blame it) and the kb_articles
# ETS table (the largest table, bounded at 24,000 rows, refreshed every 25 s). Probes come from outside: a shell
# `while sleep 10` loop runs `erl -sname probeN -eval 'probe:main(Node)'` over distribution (erlang:memory(),
# ETS, recon-style top 8), stamped by `date` with a dotted day-first local date; pidstat -r -h (one line per sample);
# the logger's default single-line file handler.
record_beam() {
  local seconds="${BEAM_SECONDS:-112}" dest="$out_root/$B" run app host
  export TZ=Pacific/Auckland
  run="$(mktemp -d)"; app="$(srv ashcombe)"; host="$(hostname -s)"
  mkdir -p "$app/ebin" "$app/log" "$run/out"
  erlc -o "$app/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$app/log/ashcombe.log\"}}}]"
  (cd "$app" && exec erl -noshell -sname ashcombe -setcookie ashcombe_desk -pa ebin -kernel logger_level info \
     -kernel logger "$logger" -eval "ashcombe:start($seconds)" > "$run/erl.out" 2>&1) &
  local erlsh=$! p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname ashcombe' | head -1 || true)"; done
  (LC_ALL=C pidstat -r -h -p "$p" 5 > "$run/out/pidstat-ashcombe.txt" 2>/dev/null || true) &
  local ps=$!
  (sleep 4; n=0; while [ -d /proc/$p ]; do n=$((n + 1)); echo "== $(date '+%d.%m.%Y %H:%M:%S %z') probe $n"
     (cd "$app" && erl -noshell -sname "probe$n" -setcookie ashcombe_desk -pa ebin -eval "probe:main('ashcombe@$host')" 2>&1) || true
     sleep 10; done > "$run/out/probes-ashcombe.txt") &
  local loop=$!
  wait "$erlsh" || true
  sleep 1; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  kill "$ps" 2>/dev/null || true; wait "$ps" 2>/dev/null || true
  clean "$dest"
  local f; for f in "$app/log/ashcombe.log" "$run"/out/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/erl.out"
  echo "beam: $dest pid $p scratch $run"
}

# $J: jemalloc/cobhurst.c, TZ=Europe/Istanbul (+03), JE_SECONDS s. gates.py posts ~150 check-ins/s, looks a gate up
# every ninth, and GETs /v1/reports/daily every 20 s. Culprit: POST /v1/checkins opens a session (session_open:
# struct, strdup of the device token, a 1,536-byte copy of the body) that is never closed (~1.7 KB per check-in).
# Traps: the daily report (64,000 640-byte row chunks plus a 41 MB CSV, all freed: RSS jumps by ~80 MB and
# decays; the notes blame it), the zone table (fixed calloc at start). jemalloc dumps by itself every 64 MiB
# allocated (lg_prof_interval:26) and at exit (prof_final): jeprof.out.<pid>.<seq>.i<n>.heap / .f.heap; they were
# copied off the box without -p (mtimes lost: all the copy time). A `while sleep 4` loop over /proc/PID/status
# stamped with epoch seconds; Common Log Format access log with +0300; an app log with ISO stamps.
record_jemalloc() {
  local seconds="${JE_SECONDS:-105}" dest="$out_root/$J" run app port
  export TZ=Europe/Istanbul
  run="$(mktemp -d)"; app="$(srv cobhurst)"; port="$(free_port)"
  mkdir -p "$app/bin" "$app/src" "$app/prof" "$app/log" "$run/out"
  cp "$here/jemalloc/cobhurst.c" "$app/src/"
  (cd "$app" && gcc -O1 -g -Wall -Wno-format-truncation -o bin/cobhurst src/cobhurst.c -ljemalloc)
  (cd "$app" && MALLOC_CONF=prof:true,prof_active:true,lg_prof_sample:17,lg_prof_interval:26,prof_final:true,prof_prefix:prof/jeprof.out \
     exec "$app/bin/cobhurst" "$port" "$app/log/access.log" "$app/log/cobhurst.log") &
  local pid=$!
  (while sleep 4; do echo "$(date +%s) $(grep -E '^(VmRSS|VmHWM|RssAnon)' /proc/$pid/status 2>/dev/null | tr -s ' \t' ' ' | paste -sd' ')"; [ -d /proc/$pid ] || break; done \
     > "$run/out/status-cobhurst.log") &
  local loop=$!
  sleep 0.5
  python3 "$here/jemalloc/gates.py" "$port" "$seconds" 150 20 > "$run/feed.out"
  sleep 1; kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || true
  sleep 1; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  clean "$dest"; mkdir -p "$dest/prof" "$dest/bin"
  cp "$app/bin/cobhurst" "$dest/bin/cobhurst"
  sleep 2; cp "$app"/prof/*.heap "$dest/prof/"   # copied later, without -p
  local f; for f in "$run"/out/* "$app"/log/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/feed.out"
  echo "jemalloc: $dest pid $pid scratch $run"
}

# $P: platform/herokuish.py runs the Procfile's dynos as real Python 3.11 processes (web.1, web.2: app.py;
# worker.1: worker.py) for PLAT_SECONDS s; load.py sends ~30 req/s through its router. Culprit: POST
# /webhooks/stripe keeps every parsed event in _SEEN_EVENTS (dedup of retried deliveries, never trimmed; ~15 req/s
# over both web dynos). At PLAT_CYCLE s web.1 is cycled (Heroku's daily restart: new process, new dyno id) and
# grows again from its boot size. Traps: GET /reports/monthly.pdf (3.2M rows in memory: a jump on the dyno that
# serves it that never comes back down; the notes blame it) and worker.1's sync_class_schedule every 15 s (large transient
# lists, runs all through). The drain is kept as Papertrail's daily archive (TSV, UTC), gzipped as Papertrail
# ships it.
record_platform() {
  local seconds="${PLAT_SECONDS:-112}" cycle="${PLAT_CYCLE:-52}" dest="$out_root/$P" run app port
  export TZ=UTC
  run="$(mktemp -d)"; app="$(srv fennick)"; port="$(free_port)"
  cp "$here/platform/app.py" "$here/platform/worker.py" "$app/"
  printf 'web: python3 app.py\nworker: python3 worker.py\n' > "$app/Procfile"
  (cd "$app" && exec /usr/bin/python3 "$here/platform/herokuish.py" "$app" "$run/papertrail.tsv" "$port" "$seconds" "$cycle") > "$run/emu.out" 2>&1 &
  local emu=$!
  sleep 3
  /usr/bin/python3 "$here/platform/load.py" "$port" "$((seconds - 8))" 30 "${PLAT_REPORTS:-30}" > "$run/load.out" 2>&1 || true
  wait "$emu" || true
  clean "$dest"
  gzip -9 -n -c "$run/papertrail.tsv" > "$dest/$(date -u +%Y-%m-%d).tsv.gz"
  cp "$app/Procfile" "$dest/Procfile"
  cat "$run/emu.out" "$run/load.out"
  echo "platform: $dest scratch $run"
}

# $N: node/server.js (Node 20, plain http, pino-style JSON log), TZ=Australia/Adelaide (+10:30), NODE_SECONDS s.
# load.js sends ~70 req/s (half POST /api/orders) and GET /api/catalog/export every 25 s. The v2.31.0 deploy
# (pm2-style deploy.log) happens right before the start; memory stays flat after it (the notes blame it). At
# NODE_FLAG s ops flip audit.capture_bodies to true in flags.json (the app re-reads it): from then every order's
# headers, parsed body and raw body are queued in pendingAudit, drained only by an audit sink that is not
# configured (the culprit, ~5 KB per order). Traps: the catalogue export (a ~20 MB JSON string built from
# 220,000 objects: heapUsed and RSS spikes that recover), the price LRU (bounded at 5,000). Samplers: the app's
# memstats line every 10 s; `top -b -d 5 -p PID`.
record_node() {
  local seconds="${NODE_SECONDS:-105}" flag="${NODE_FLAG:-35}" dest="$out_root/$N" run app port
  export TZ=Australia/Adelaide
  run="$(mktemp -d)"; app="$(srv stenmoor)"; port="$(free_port)"
  mkdir -p "$app/log" "$run/out"
  cp "$here/node/server.js" "$app/"
  printf '{\n  "audit.capture_bodies": false,\n  "checkout.split_shipments": true,\n  "prices.tiered": true\n}\n' > "$app/flags.json"
  { echo "$(date '+%Y-%m-%d %H:%M:%S %z') [deploy] stenmoor-api v2.31.0 (a41c9e0) -> shop-api-2 by buildkite #2290"
    echo "$(date '+%Y-%m-%d %H:%M:%S %z') [deploy] changelog: undici 6.19 -> 6.21, order totals use tiered prices, pino 9 JSON logs"
    echo "$(date '+%Y-%m-%d %H:%M:%S %z') [deploy] pm2 reload stenmoor-api"; } >> "$run/out/deploy.log"
  (cd "$app" && exec node server.js "$port" "$app/flags.json" "$app/log/stenmoor.log") &
  local pid=$!
  sleep 0.7; echo "$(date '+%Y-%m-%d %H:%M:%S %z') [deploy] [PM2] stenmoor-api online, pid $pid" >> "$run/out/deploy.log"
  (top -b -d 5 -p "$pid" > "$run/out/top-stenmoor.txt" 2>/dev/null || true) &
  local tp=$!
  (sleep "$flag"; cp "$app/flags.json" "$run/flags.before"
   sed -i 's/"audit.capture_bodies": false/"audit.capture_bodies": true/' "$app/flags.json"
   echo "$(date '+%Y-%m-%d %H:%M:%S %z') flags: audit.capture_bodies false -> true (ticket SEC-1182, by m.ward)" >> "$run/out/flag-changes.log") &
  local fl=$!
  node "$here/node/load.cjs" "$port" "$seconds" 70 25 > "$run/load.out" 2>&1 || true
  wait "$fl" || true
  kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || true
  sleep 1; kill "$tp" 2>/dev/null || true; wait "$tp" 2>/dev/null || true
  clean "$dest"
  local f; for f in "$run"/out/* "$app"/log/* "$app/flags.json"; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/load.out"
  echo "node: $dest pid $pid scratch $run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    "$B") record_beam ;;
    "$J") record_jemalloc ;;
    "$P") record_platform ;;
    "$N") record_node ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit 0
}
