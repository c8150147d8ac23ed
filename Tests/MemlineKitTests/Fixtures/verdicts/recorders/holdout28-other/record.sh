#!/usr/bin/env bash
# Records the holdout28-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), node (20), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four, one at a time
#     h28-jemalloc-fathomd-stale-fix-alias-beside-compaction-job-tile-cache-lost-dumps   jemalloc/  ~115 s
#     h28-beam-ropewalk-flag-hold-ledger-ets-beside-manifest-garbage-blamed-release       beam/      ~100 s
#     h28-platform-python-gullmere-arrivals-memo-beside-timetable-export-r14             platform/  ~120 s
#     h28-node-wherry-bounded-lru-spike-recovers-deploy-note-control                     node/      ~120 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
J=h28-jemalloc-fathomd-stale-fix-alias-beside-compaction-job-tile-cache-lost-dumps
B=h28-beam-ropewalk-flag-hold-ledger-ets-beside-manifest-garbage-blamed-release
P=h28-platform-python-gullmere-arrivals-memo-beside-timetable-export-r14
N=h28-node-wherry-bounded-lru-spike-recovers-deploy-note-control
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=("$J" "$B" "$P" "$N")

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
srv() { rm -rf "/srv/$1"; mkdir -p "/srv/$1"; echo "/srv/$1"; } # apps run from /srv/<app>

# $J: jemalloc/fathomd.c, TZ=Pacific/Auckland (+13:00). sounder_feed.py sends ~3,000 fixes/s; ~9 % are stale
# (age > 4 s) and ingest_fix returns early without freeing the 384-byte alias vessel_alias_lookup returned (the
# culprit, ~100 KB/s). Traps: compact_tracks' 48 MiB scratch every 20 s (freed; present in the profiles dumped
# while it runs; the notes blame it), the tile cache (2,048 x 16 KiB, bounded, fills in the first minute).
# Profiles every 32 MiB allocated, copied as fathomd-heap-NN.heap (no pid) with copy-time mtimes; a
# `while sleep 5` ps loop; the daemon's own log.
record_jemalloc() {
  local seconds="${JE_SECONDS:-105}" dest="$out_root/$J" run app port
  export TZ=Pacific/Auckland
  run="$(mktemp -d)"; app="$(srv fathomd)"; port="$(free_port)"
  mkdir -p "$app/bin" "$app/src" "$app/prof" "$app/log" "$run/out"
  cp "$here/jemalloc/fathomd.c" "$app/src/"
  (cd "$app" && gcc -O1 -g -Wall -o bin/fathomd src/fathomd.c -ljemalloc)
  (cd "$app/prof" && MALLOC_CONF=prof:true,prof_final:true,lg_prof_interval:25,lg_prof_sample:17 \
     exec "$app/bin/fathomd" "$port" "$app/log/fathomd.log") &
  local pid=$!
  sleep 0.5
  (while sleep 5; do echo "== $(date --iso-8601=seconds)"; ps -o pid,rss,vsz,etime,args -p "$pid" || break; done \
     > "$run/out/ps-fathomd.txt") &
  local loop=$!
  python3 "$here/jemalloc/sounder_feed.py" "$port" "$seconds" 3000 > "$run/feed.out"
  sleep 1; kill -TERM "$pid"; wait "$pid" || true
  sleep 5; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  clean "$dest"; mkdir -p "$dest/heap" "$dest/bin"
  cp "$app/bin/fathomd" "$dest/bin/fathomd"
  local n=0 f
  for f in $(ls "$app"/prof/jeprof.*.i*.heap | sort -t. -k3 -n) $(ls "$app"/prof/jeprof.*.f.heap 2>/dev/null); do
    n=$((n + 1)); cp "$f" "$dest/heap/$(printf 'fathomd-heap-%02d.heap' "$n")"   # copy-time mtimes, no pid
  done
  ship "$app/log/fathomd.log" "$dest/fathomd.log"
  ship "$run/out/ps-fathomd.txt" "$dest/ps-fathomd.txt"
  cat "$run/feed.out"
  echo "jemalloc: $dest ($n profiles) pid $pid"; cp -r "$app/prof" "$run/prof-orig"; echo "scratch $run"
}

# $B: beam/*.erl, one OTP 25 node (erl -sname ropewalk, TZ=America/St_Johns -03:30) for BEAM_SECONDS s. ~800
# berth holds/s reach hold_ledger. At BEAM_RELEASE s release 5.3.0 hot-loads manifest_builder (blamed by the
# notes, changes nothing that grows); at BEAM_FLAG s ops turn on the hold_audit_trail flag, after which every
# hold is also inserted into the public ETS table hold_ledger_audit and never deleted (the culprit). Traps:
# manifest_builder builds a 260,000-row manifest every 12 s (~100 MB process heap, then hibernates), the release,
# berth_sweeper every 15 s. A hidden node prints erlang:memory(), ETS sizes and a recon-style process list every
# 6 s over distribution; `pidstat -r -p PID 5` beside it; logger file handler, single-line default formatter.
record_beam() {
  local seconds="${BEAM_SECONDS:-95}" rel="${BEAM_RELEASE:-14}" flag="${BEAM_FLAG:-40}"
  local dest="$out_root/$B" run app
  export TZ=America/St_Johns
  run="$(mktemp -d)"; app="$(srv ropewalk)"
  mkdir -p "$app/ebin" "$run/out"
  erlc -o "$app/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/ropewalk.log\"},formatter=>{logger_formatter,#{single_line=>true}}}}]"
  (cd "$app" && exec erl -noshell -sname ropewalk -pa ebin -kernel logger_level info \
     -kernel logger "$logger" -eval "ropewalk:start($seconds, $rel, $flag)" > "$run/erl.out" 2>&1) &
  local erlsh=$! p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname ropewalk' | head -1 || true)"; done
  (LC_ALL=C pidstat -r -p "$p" 5 > "$run/out/pidstat-ropewalk.txt" 2>/dev/null || true) &
  local ps=$!
  sleep 2
  (cd "$app" && erl -noshell -sname ops -hidden -pa ebin -eval "probe:run('ropewalk@$(hostname -s)', $((seconds - 5)))" \
     > "$run/out/remsh-probe.txt" 2>&1) &
  local probe=$!
  wait "$erlsh" || true
  wait "$probe" || true
  kill "$ps" 2>/dev/null || true; wait "$ps" 2>/dev/null || true
  clean "$dest"
  local f; for f in "$run"/out/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/erl.out"
  echo "beam: $dest pid $p scratch $run"
}

# $P: platform/herokuish.py runs the Procfile's dynos as real Python processes (web.1, web.2: wsgiref serving
# gullmere/app.py; worker.1: worker.py) for PLAT_SECONDS s, routes load.py's traffic through its own proxy, and
# writes the drain (octet-counted RFC 5424 frames, UTC). GET /stops/:stop_id/arrivals memoizes every response in
# _ARRIVALS_MEMO under a key that includes a per-request stamp (the culprit: ~3 KB kept per request, on both web
# dynos). Traps: GET /exports/timetable.csv builds a ~600 MB CSV in memory (R14 on the dyno that serves it, freed
# after; the notes blame it), worker.1's sync_gtfs_feed every 30 s (runs during the growth, frees), release
# v212. The drain file was saved from a Windows laptop (CRLF) and its last frame is cut mid-line.
record_platform() {
  local seconds="${PLAT_SECONDS:-112}" dest="$out_root/$P" run app port
  export TZ=UTC
  run="$(mktemp -d)"; app="$(srv gullmere)"; port="$(free_port)"
  cp -r "$here/platform/gullmere" "$here/platform/web.py" "$here/platform/worker.py" "$app/"
  printf 'web: python web.py\nworker: python worker.py\n' > "$app/Procfile"
  mkdir -p "$run/bin"; ln -s /usr/bin/python3 "$run/bin/python"   # the stack's python on PATH, as on a dyno
  (cd "$app" && PATH="$run/bin:/usr/bin:$PATH" exec python3 "$here/platform/herokuish.py" "$app" "$run/drain.log" "$port" "$seconds") \
    > "$run/emu.out" 2>&1 &
  local emu=$!
  sleep 3
  python3 "$here/platform/load.py" "$port" "$((seconds - 6))" 20,50,80 > "$run/load.out" 2>&1 || true
  wait "$emu" || true
  clean "$dest"
  local size; sed 's/$/\r/' "$run/drain.log" > "$run/gullmere-drain.log"; size="$(stat -c %s "$run/gullmere-drain.log")"
  head -c $((size - 57)) "$run/gullmere-drain.log" > "$run/gullmere-drain-2026-12-07.log"
  touch -r "$run/drain.log" "$run/gullmere-drain-2026-12-07.log"
  ship "$run/gullmere-drain-2026-12-07.log" "$dest/gullmere-drain-2026-12-07.log"
  cp "$app/Procfile" "$dest/Procfile"
  cat "$run/emu.out" "$run/load.out"
  echo "platform: $dest scratch $run"
}

# $N (healthy control): node/wherry.js (node 20, plain http) for NODE_SECONDS s, TZ=Australia/Adelaide (+10:30),
# right after the 4.12.0 deploy (deploy.log, blamed by the notes). The quote LRU fills to its 5,000-entry bound in
# about a minute and then evicts; GET /reports/manifest at 35 s and 75 s renders 700,000 CSV rows into a 240 MiB
# Buffer (RSS and arrayBuffers spike, freed after the response). Nothing leaks. Logs: pino-style JSON lines on
# stdout with a heap-stats line every 10 s, rotated by a logrotate-style copytruncate at ~50 s (wherry.log.1.gz);
# a `while sleep 5` loop over /proc/PID/status with dd/mm/yyyy stamps and no offset.
record_node() {
  local seconds="${NODE_SECONDS:-110}" dest="$out_root/$N" run app port
  export TZ=Australia/Adelaide
  run="$(mktemp -d)"; app="$(srv wherry)"; port="$(free_port)"
  mkdir -p "$app/releases/20261207-0912" "$app/log" "$run/out"
  cp "$here/node/wherry.js" "$app/releases/20261207-0912/"; ln -sfn "$app/releases/20261207-0912" "$app/current"
  { echo "[$(date '+%F %T %z')] deploy wherry 4.12.0 (a91c3e0) by ci: releases/20261207-0912 linked as current"
    echo "[$(date '+%F %T %z')] restarting wherry (4.11.3 -> 4.12.0)"; } >> "$run/out/deploy.log"
  (cd "$app/current" && PORT="$port" exec node wherry.js >> "$app/log/wherry.log" 2>&1) &
  local pid=$!
  sleep 0.5; echo "[$(date '+%F %T %z')] wherry up, pid $pid, healthcheck ok" >> "$run/out/deploy.log"
  (while sleep 5; do date '+%d/%m/%Y %H:%M:%S'; grep -E '^(Name|Pid|VmHWM|VmRSS|RssAnon|RssFile)' "/proc/$pid/status" || break; done \
     > "$run/out/proc-status-wherry.txt") &
  local loop=$!
  (sleep 50; cp -p "$app/log/wherry.log" "$app/log/wherry.log.1"; : > "$app/log/wherry.log"; gzip -9 -n "$app/log/wherry.log.1") &
  local rot=$!
  node "$here/node/load.js" "$port" "$seconds" 35,75 > "$run/load.out"
  wait "$rot" || true
  kill -TERM "$pid"; wait "$pid" || true
  sleep 5; kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  clean "$dest"
  cp -p "$app/log/wherry.log" "$dest/wherry.log"; cp -p "$app/log/wherry.log.1.gz" "$dest/wherry.log.1.gz"
  ship "$run/out/deploy.log" "$dest/deploy.log"; ship "$run/out/proc-status-wherry.txt" "$dest/proc-status-wherry.txt"
  cat "$run/load.out"
  echo "node: $dest pid $pid scratch $run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    "$J") record_jemalloc ;;
    "$B") record_beam ;;
    "$P") record_platform ;;
    "$N") record_node ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit 0
}
