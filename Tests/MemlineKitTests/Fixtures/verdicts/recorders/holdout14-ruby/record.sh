#!/usr/bin/env bash
# Records the holdout14-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 (gem), fiddle (default gem), sysstat (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h14-sidekiq-fx-snapshots-beside-warehouse-exports          corvelle/  (100 s)
#     h14-platform-puma-quote-memo-r14-restart-fleet-csv          kestrelmoor/ (~140 s: 100 s, or the restart + 66 s)
#     h14-unicorn-native-badge-raster-beside-font-metrics        ashgrove/  (100 s)
#     h14-puma-fragmentation-plateau-deploy-nightly-control      plumridge/ (150 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. H14_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h14-sidekiq-fx-snapshots-beside-warehouse-exports h14-platform-puma-quote-memo-r14-restart-fleet-csv
  h14-unicorn-native-badge-raster-beside-font-metrics h14-puma-fragmentation-plateau-deploy-nightly-control)
cd /; unset OLDPWD

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local t="$1" now; now="$(date +%s.%N)"; sleep "$(echo "$t - $now" | bc | sed 's/^-.*/0/')"; }
hms() { date -u +%H:%M:%S; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { for _ in $(seq 300); do local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"; [ "${c:-0}" -ge "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 x '$2' in $1" >&2; return 1; }
install_app() { # install_app NAME: /srv/NAME from the recorder, base.rb included
  local d="/srv/$1"
  rm -rf "$d"; mkdir -p "$d"; cp -r "$here/$1/." "$d/"; mkdir -p "$d/log" "$d/tmp/pids" "$d/lib/$1"
  cp "$here/common/rackbase.rb" "$d/lib/$1/base.rb"; }

# h14-sidekiq-fx-snapshots-beside-warehouse-exports: Corvelle's single Sidekiq 6.5 stand-in (5 threads, MALLOC_ARENA_MAX=2 as in its unit), allocation
# tracing from boot, GC.stat as bare JSON lines every 5 s, the on-call's `pidstat -r -p PID 2`. Three heap dumps
# (24/59/86 %, between exports): each `touch tmp/dump` overwrites log/heap.json, which the on-call copies with plain cp to
# corvelle-heap-a/b/c.json (no pid, copy-time mtimes).
record_corvelle() {
  local seconds=${H14_SECONDS:-100} base=/srv/corvelle dest="$out_root/h14-sidekiq-fx-snapshots-beside-warehouse-exports" work
  work="$(mktemp -d)"; install_app corvelle
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (cv-jobs-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 RUN_SECONDS="$seconds" \
     ruby bin/sidekiq -e production -C config/sidekiq.yml > /dev/null 2>&1) &
  local sk=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  LC_ALL=C TZ=UTC pidstat -r -p "$sk" 2 > "$work/pidstat.txt" &
  local sampler=$!
  echo "$(hms) restarted sidekiq on cv-jobs-1 (CV-240: 3.1 GB after two days). pidstat on, tracing allocations" >> "$notes"
  local start n=0 f; start="$(date +%s.%N)"
  for f in 24 59 86; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1)); touch "$base/tmp/dump"
    while [ -e "$base/tmp/dump" ]; do sleep 0.3; done; sleep 1
    while [ ! -e "$base/log/heap.json" ] || [ -e "$base/log/heap.json.tmp" ]; do sleep 0.3; done
    echo "$(hms) heap dump $n taken" >> "$notes"
    cp "$base/log/heap.json" "$work/corvelle-heap-$(echo $n | tr 123 abc).json"
    [ "$f" = 59 ] && echo "$(hms) RSS jumps by tens of MB whenever WarehouseExportJob runs (bordeaux/rioja/mosel exports, 260k rows each). that's our leak?" >> "$notes"
  done
  wait "$sk" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq.log, gc_stat.jsonl, pidstat.txt and the three dumps" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$base/log/gc_stat.jsonl" "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *heap-*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "corvelle: pid=$sk" >&2
  rm -rf "$work" "$base"
}

# h14-platform-puma-quote-memo-r14-restart-fleet-csv: kestrelmoor's web.1 (puma single mode, 5 threads) played by
# kestrelmoor/drain.rb, which writes the syslog drain (octet-counted frames) and restarts web.1 after the second R14.
record_kestrelmoor() {
  local seconds=${H14_SECONDS:-100} base=/srv/kestrelmoor dest="$out_root/h14-platform-puma-quote-memo-r14-restart-fleet-csv" port work
  work="$(mktemp -d)"; install_app kestrelmoor; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (kestrelmoor, drain to our log box)" > "$notes"
  echo "$(hms) web.1 R14s again since this morning (KM-90). watching the drain" >> "$notes"
  (cd "$base" && env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" ruby "$here/kestrelmoor/drain.rb" "$base" "$port" "$seconds" "$work/drain.log" "$notes")
  echo "$(hms) exported the drain for the window (drain.log)" >> "$notes"
  clean "$dest"; for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h14-unicorn-native-badge-raster-beside-font-metrics: Ashgrove on unicorn (3 workers, preload_app), Rails default
# production.log, CONSUME MEMORY lines, GC.stat envelopes {"at" (Unix ms),"pid","gc"} every 4 s per worker, two heap
# dumps of worker 0 (25 % and 85 %, no allocation tracing, heap-PID-UNIXTIME.json), unicorn.stderr.log.
record_ashgrove() {
  local seconds=${H14_SECONDS:-100} base=/srv/ashgrove dest="$out_root/h14-unicorn-native-badge-raster-beside-font-metrics" port work
  work="$(mktemp -d)"; install_app ashgrove; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (ag-web-3)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  local w0; w0="$(ps -o pid=,args= --ppid "$m" | awk '/worker\[0\]/ { print $1 }')"
  echo "$(hms) ag-web-3 workers at 1.9 GB each before the nightly restart (AG-80). restarted, logging, dumps of worker 0 ($w0)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" ashgrove "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! f
  for f in 25 85; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    echo "$w0" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump of worker 0 requested" >> "$notes"
  done
  wait "$load"; sleep 2
  echo "$(hms) diffed the two dumps: FontMetricsCache is the only thing that grew (AG-52, no cap). that's the leak, capping it" >> "$notes"
  kill -QUIT "$m"; wait "$uni" || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/gc.jsonl" "$base/log/unicorn.stderr.log" "$base"/log/heap-*.json "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *heap-*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "ashgrove: master=$m worker0=$w0" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h14-puma-fragmentation-plateau-deploy-nightly-control: Plumridge on puma (3 workers x 5 threads, no preload, default
# glibc arenas), lograge JSON production.log, puma.stdout.log, the on-call's `date; ps u` loop every 3 s over the
# master, its workers and the nightly report while it runs. At 40 % a deploy (same code: a copy-only release,
# revisions.log line) is a phased restart (SIGUSR1); at 75 % the nightly margin report runs by hand as its own process.
pr_ps() { local pf=/srv/plumridge/tmp/pids
  while [ -e "$pf/puma.pid" ]; do
    local m j; m="$(cat "$pf/puma.pid")"; j="$(cat "$pf/nightly_report.pid" 2>/dev/null || true)"
    date; ps u -p "$m${j:+,$j}" --ppid "$m" 2>/dev/null || true; sleep 3; done; }
record_plumridge() {
  local seconds=${H14_SECONDS:-150} base=/srv/plumridge dest="$out_root/h14-puma-fragmentation-plateau-deploy-nightly-control" port work
  work="$(mktemp -d)"; install_app plumridge; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (pr-web-1)" > "$notes"
  echo "Branch main (at 5e0c2ad) deployed as release $(date -u -d '-26 hours' +%Y%m%d%H%M%S) by noor" > "$work/revisions.log"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  TZ=UTC pr_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) pr-web-1 puma workers 'growing all day' per the dashboard (PR-95). ps loop on" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" plumridge "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 40 / 100" | bc)"
  echo "Branch main (at 8b31f07) deployed as release $(date -u +%Y%m%d%H%M%S) by noor" >> "$work/revisions.log"
  kill -USR1 "$m"
  echo "$(hms) deploy 8b31f07 (copy change on the swap page, PR-97): phased restart" >> "$notes"
  wait_until "$(echo "$start + $seconds * 75 / 100" | bc)"
  echo "$(hms) running the nightly margin report by hand (it failed last night): bin/rails runner NightlyMarginReportJob" >> "$notes"
  (cd "$base" && env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" ruby bin/nightly_report)
  echo "$(hms) report done. memory after the deploy looks like it is climbing again? keeping an eye on 8b31f07" >> "$notes"
  wait "$load"; sleep 2
  kill -TERM "$m"; wait "$puma" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$base/log/jobs.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "plumridge: master=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h14-sidekiq-fx-snapshots-beside-warehouse-exports) record_corvelle ;;
    h14-platform-puma-quote-memo-r14-restart-fleet-csv) record_kestrelmoor ;;
    h14-unicorn-native-badge-raster-beside-font-metrics) record_ashgrove ;;
    h14-puma-fragmentation-plateau-deploy-nightly-control) record_plumridge ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
