#!/usr/bin/env bash
# Records the holdout7-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5
# (puma package), unicorn 6.0 with unicorn-worker-killer 0.4.4 (gem), sysstat 12.6, procps, bc. Runs as root: the
# apps run from /srv/<app> (their deploy path, so the paths in heap dumps and server logs are the deploy paths).
#   ./record.sh [INCIDENT…]   default: all four
#     h7-unicorn-audit-trail-under-exports   copperleaf/  (110 s)
#     h7-sidekiq-rollup-beside-price-sync    pantrybox/   (120 s)
#     h7-puma-gc-off-canary-envelope         meterly/     (100 s)
#     h7-unicorn-killer-warmup-control       orchardly/   (120 s)
# H7_SECONDS=N shortens a run for a try-out. Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and
# README.md are written by hand and kept.
set -euo pipefail
# the deploy user's home is the app folder (what the runtimes write into heap dumps: gem paths under ~/.local)
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h7-unicorn-audit-trail-under-exports h7-sidekiq-rollup-beside-price-sync h7-puma-gc-off-canary-envelope h7-unicorn-killer-warmup-control)
export MALLOC_ARENA_MAX=2

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local t="$1" now; now="$(date +%s.%N)"; sleep "$(echo "$t - $now" | bc | sed 's/^-.*/0/')"; }
hms() { date -u +%H:%M:%S; }
hm() { date -u +%H:%M; }
ship() { # ship SRC DEST_DIR: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { # wait_count FILE PATTERN N: wait until FILE has N lines matching PATTERN
  for _ in $(seq 300); do
    local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"
    [ "${c:-0}" -ge "$3" ] && return 0
    sleep 0.2
  done
  echo "timed out waiting for $3 x '$2' in $1" >&2; cat "$1" >&2; return 1
}

# h7-unicorn-audit-trail-under-exports: Copperleaf on real unicorn (2 workers, preload_app) under /srv/copperleaf;
# Rails 6.1-style production.log tagged with the request id, CONSUME MEMORY lines in log/memory.log (the only RSS
# source), HEAP_TRACE=1 and two heap dumps of worker 0 at 30 % and 85 % of the run (bin/heapdump: a request file).
record_copperleaf() {
  local seconds=${H7_SECONDS:-110} base=/srv/copperleaf dest="$out_root/h7-unicorn-audit-trail-under-exports" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/copperleaf/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (cl-web-1)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" HEAP_TRACE=1 exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local w0; w0="$(sed -n 's/.*worker=0 spawned pid=\([0-9]*\).*/\1/p' "$base/log/unicorn.stderr.log" | tail -1)"
  sleep 1
  local start; start="$(date +%s.%N)"
  echo "$(hms) restarted unicorn on cl-web-1 with HEAP_TRACE=1 (CL-340: web RSS creeping for a week)" >> "$notes"
  ruby "$here/load.rb" copperleaf "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local n=0
  for f in 30 85; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1))
    echo "$w0" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n of worker 0 (pid $w0)" >> "$notes"
    if [ "$n" = 1 ]; then
      echo "$(hms) memory.log: the big jumps are all GET /ledgers/:id/export.csv (tens of MB each), year-end exports. CL-207 builds the CSV in memory" >> "$notes"
    fi
  done
  wait "$load"
  sleep 3
  echo "$(hms) export fix (streaming CSV) scheduled for Monday; closing" >> "$notes"
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"
  for f in "$base"/log/heapdump-*.json; do
    gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"
  done
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h7-sidekiq-rollup-beside-price-sync: Pantrybox's job process alone (bin/sidekiq, a Sidekiq 5.2 stand-in, 6 threads,
# Sidekiq 5 text log on stdout); the on-call's loop appends `ts,host,process,pid,rss_kb` CSV rows every 2 s;
# HEAP_TRACE=1 and kill -USR2 at 35/62/93 % for three dump_all dumps (tmp/dumps/dump<n>.json, no pid in the name).
# The dumps reach the incident folder as a chat upload does: copied without -p, every mtime 3 days later.
pantry_sampler() { # sampler PID: the loop the on-call left running
  echo "ts,host,process,pid,rss_kb"
  while :; do
    local rss; rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null)" || break
    [ -n "$rss" ] || break
    echo "$(date -u +%FT%T.%3NZ),pb-jobs-1,sidekiq,$1,$rss"
    sleep 2
  done
}

record_pantrybox() {
  local seconds=${H7_SECONDS:-120} base=/srv/pantrybox dest="$out_root/h7-sidekiq-rollup-beside-price-sync" work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/pantrybox/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids" "$base/tmp/dumps"
  local notes="$work/oncall.txt"
  echo "pb-jobs-1 $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && HOME="$base" RUN_SECONDS="$seconds" HEAP_TRACE=1 ROLLUP_AT="$((seconds * 25 / 100))" exec bin/sidekiq -e production > log/sidekiq.log 2>&1) &
  local jobs=$!
  local start; start="$(date +%s.%N)"
  sleep 0.3
  pantry_sampler "$jobs" > "$work/rss.csv" &
  local sampler=$!
  echo "$(hms) restarted sidekiq on pb-jobs-1 with HEAP_TRACE=1 (OPS-118), month-end rollup due shortly" >> "$notes"
  local n=0
  for f in 35 62 93; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1))
    kill -USR2 "$jobs"
    echo "$(hms) heap dump $n (USR2)" >> "$notes"
    if [ "$n" = 1 ]; then
      echo "$(hms) RSS going up since the WarehouseRollupJob started (month-end, 4 warehouses). It holds every movement in memory?" >> "$notes"
    fi
    if [ "$n" = 2 ]; then
      echo "$(hms) rollup still running; ~0.8 GB of movements read so far" >> "$notes"
    fi
  done
  wait "$jobs" || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  echo "$(hms) rollup done a while ago, memory did not come back. Dumps + logs to the incident channel" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$base/tmp/pids/sidekiq.pid" "$work/"
  clean "$dest"
  mkdir -p "$dest/dumps"
  for f in "$base"/tmp/dumps/dump*.json; do gzip -9 -n -c "$f" > "$dest/dumps/$(basename "$f").gz"; done
  # downloaded from the incident channel three days later: every dump gets the download time as its mtime
  touch -d "$(date -u -d '+3 days' +%F) 09:42:17 UTC" "$dest"/dumps/*.gz
  for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h7-puma-gc-off-canary-envelope: Meterly on Debian's puma 5.6.5 (3 workers x 3 threads, preload_app!) under
# /srv/meterly; lograge key=value lines behind the Rails Logger prefix; every worker writes one GC.stat envelope line
# every 2 s ({"at","host","worker","pid","stats":{…}}); GC_CANARY_WORKER=2 is left in the environment, so worker 2
# runs with GC.disable; pidstat -r every 2 s over the master and the workers.
record_meterly() {
  local seconds=${H7_SECONDS:-100} base=/srv/meterly dest="$out_root/h7-puma-gc-off-canary-envelope" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/meterly/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (mt-api-3)" > "$notes"
  echo "$(hms) deploy 7.3.0 (a41c9e2) to mt-api-3: consumption report v2 behind a flag, readings batch size 900; puma restarted" >> "$notes"
  (cd "$base" && HOME="$base" PORT="$port" GC_CANARY_WORKER=2 exec puma -C "$base/config/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted in ' 3
  sleep 1
  local pids; pids="$(pgrep -d, -f '^puma.*\[meterly\]')"
  TZ=UTC LC_ALL=C pidstat -r -p "$pids" 2 "$((seconds / 2 + 2))" > "$work/pidstat.txt" &
  local stat=$!
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" meterly "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 38 / 100" | bc)"
  echo "$(hms) config change: Flipper flag consumption_report_v2 enabled for all regions (no restart)" >> "$notes"
  wait_until "$(echo "$start + $seconds * 75 / 100" | bc)"
  echo "$(hms) memory alert mt-api-3 (one puma worker). /api/v1/reports/consumption is the heaviest request by far (~90k allocations each) and v2 went live 30 s ago: rolling the flag back?" >> "$notes"
  wait "$load"
  wait "$stat" || true
  echo "$(hms) flag left on for now; took production.log, gc_stat.log, pidstat; restarting puma" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$puma"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h7-unicorn-killer-warmup-control: Orchardly on real unicorn (3 workers, preload_app) with unicorn-worker-killer's
# Oom middleware (limit 110-130 MB, checked every 6 requests); lograge JSON lines; the on-call's loop writes
# `date +%s` and `ps u -p PIDS` every 2 s. Nothing leaks.
orchard_ps() {
  while :; do
    local pids; pids="$(pgrep -d, -f '^unicorn.*orchardly' || true)"
    if [ -n "$pids" ]; then date +%s; ps u -p "$pids"; fi
    sleep 2
  done
}

record_orchardly() {
  local seconds=${H7_SECONDS:-120} base=/srv/orchardly dest="$out_root/h7-unicorn-killer-warmup-control" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/orchardly/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"
  local notes="$work/notes.txt"
  echo "oc-web-2 on-call $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  orchard_ps > "$work/ps.log" &
  local sampler=$!
  sleep 1
  local start; start="$(date +%s)"
  echo "~$(hm) unicorn restarted on oc-web-2 after the price import (3.9.1 since yesterday)" >> "$notes"
  ruby "$here/load.rb" orchardly "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$((start + seconds * 55 / 100))"
  echo "~$(hm) worker killer recycling oc-web-2 workers again and again, each new worker climbs right after it starts. Leak in 3.9.1?" >> "$notes"
  wait_until "$((start + seconds * 85 / 100))"
  echo "~$(hm) the co-op board is pulling harvest.xlsx exports today; RSS jumps to ~130 MB on those" >> "$notes"
  wait "$load"
  sleep 2
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}


for i in "${incidents[@]}"; do
  case "$i" in
    h7-unicorn-audit-trail-under-exports) record_copperleaf ;;
    h7-sidekiq-rollup-beside-price-sync) record_pantrybox ;;
    h7-puma-gc-off-canary-envelope) record_meterly ;;
    h7-unicorn-killer-warmup-control) record_orchardly ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
