#!/usr/bin/env bash
# Records the holdout17-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 (gem), libjemalloc2, sysstat (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h17-puma-single-oink-vendored-breadcrumbs-gem-beside-document-uploads   kestrelmoor/ (120 s)
#     h17-sidekiq-two-procs-imports-queue-sku-registry-beside-statement-rollups fellbridge/ (120 s)
#     h17-unicorn-deploy-quote-memo-rollback-flag-note                          coldharbour/ (130 s)
#     h17-puma-cluster-jemalloc-export-gc-tuning-deploy-control                  larchwater/  (110 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. H17_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h17-puma-single-oink-vendored-breadcrumbs-gem-beside-document-uploads
  h17-sidekiq-two-procs-imports-queue-sku-registry-beside-statement-rollups h17-unicorn-deploy-quote-memo-rollback-flag-note
  h17-puma-cluster-jemalloc-export-gc-tuning-deploy-control)
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
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
workers_of() { ps -o pid= --ppid "$1" --sort=start_time | tr -d ' ' | paste -sd, -; }

# h17-puma-single-oink-vendored-breadcrumbs-gem-beside-document-uploads: Kestrelmoor on puma SINGLE mode (5 threads),
# the Rails production.log with oink's lines, allocation tracing from boot; three heap dumps (20/55/90 %) written as
# log/kestrelmoor-<n>.heap and copied with cp -p (mtimes kept). No pidstat: oink's Memory usage lines are the RSS.
record_kestrelmoor() {
  local seconds=${H17_SECONDS:-120} base=/srv/kestrelmoor dest="$out_root/h17-puma-single-oink-vendored-breadcrumbs-gem-beside-document-uploads" port work
  work="$(mktemp -d)"; install_app kestrelmoor; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (km-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_port "$port"
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  echo "$(hms) km-web-1 puma (single mode, pid $m) grows to 1.9 GB over a day (KM-61). restarted with allocation tracing, oink on" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" kestrelmoor "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! f
  for f in 20 55 90; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    echo "$m" > "$base/tmp/heapdump.request"; echo "$(hms) heap dump requested ($m)" >> "$notes"
    [ "$f" = 55 ] && echo "$(hms) RSS jumps by 40-80 MB whenever a passport scan is uploaded (DocumentsController#create). the upload path keeps the scans?" >> "$notes"
  done
  wait "$load"; sleep 2
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, puma.stdout.log and the dumps (cp -p)" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$base"/log/kestrelmoor-*.heap "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *.heap) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "kestrelmoor: pid=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h17-sidekiq-two-procs-imports-queue-sku-registry-beside-statement-rollups: Fellbridge's sidekiq@0 (-q default -q mailers)
# and sidekiq@1 (-q default -q imports), same code, 10 threads each; Sidekiq 6 text logs (log/sidekiq-0.log, sidekiq-1.log),
# `pidstat -h -r -p PID0,PID1 3`.
record_fellbridge() {
  local seconds=${H17_SECONDS:-120} base=/srv/fellbridge dest="$out_root/h17-sidekiq-two-procs-imports-queue-sku-registry-beside-statement-rollups" work
  work="$(mktemp -d)"; install_app fellbridge
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (fb-jobs-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" INDEX=0 RUN_SECONDS="$seconds" ruby bin/sidekiq -q default -q mailers > /dev/null 2>&1) &
  local s0=$!
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" INDEX=1 RUN_SECONDS="$seconds" ruby bin/sidekiq -q default -q imports > /dev/null 2>&1) &
  local s1=$!
  wait_count "$base/log/sidekiq-0.log" 'Starting processing' 1; wait_count "$base/log/sidekiq-1.log" 'Starting processing' 1
  LC_ALL=C TZ=UTC pidstat -h -r -p "$s0,$s1" 3 > "$work/pidstat.txt" &
  local sampler=$!
  local start; start="$(date +%s.%N)"
  echo "$(hms) restarted sidekiq@0 ($s0) and sidekiq@1 ($s1) on fb-jobs-1 (FB-240: the box swaps by the afternoon). pidstat -r on both" >> "$notes"
  wait_until "$(echo "$start + $seconds * 40 / 100" | bc)"
  echo "$(hms) both processes jump 40-60 MB whenever Billing::StatementRollupJob runs. the rollup keeps the statements?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 80 / 100" | bc)"
  echo "$(hms) sidekiq@1 somewhat higher than sidekiq@0. same code, same rollups. arenas?" >> "$notes"
  wait "$s0" || true; wait "$s1" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied both sidekiq logs and pidstat" >> "$notes"
  cp -p "$base/log/sidekiq-0.log" "$base/log/sidekiq-1.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "fellbridge: sidekiq-0=$s0 sidekiq-1=$s1" >&2
  rm -rf "$work" "$base"
}

# h17-unicorn-deploy-quote-memo-rollback-flag-note: Coldharbour on unicorn (3 workers, no preload_app), the Rails
# production.log, CONSUME MEMORY lines (log/memory.log), GC.stat inspect lines through a Logger (log/gc_stat.log),
# unicorn.stderr.log, Capistrano's revisions.log. At 25 % `cap deploy` of 5d2e8b1 (REVISION + HUP), at 48 % a feature flag
# flipped (note only: no restart), at 72 % `cap deploy:rollback` to a1f3c09 (REVISION + HUP).
record_coldharbour() {
  local seconds=${H17_SECONDS:-130} base=/srv/coldharbour dest="$out_root/h17-unicorn-deploy-quote-memo-rollback-flag-note" port work
  work="$(mktemp -d)"; install_app coldharbour; port="$(free_port)"
  local notes="$work/oncall-notes.txt" r0
  echo "# on-call notes $(date -u +%F) UTC (ch-web-3)" > "$notes"
  r0="$(date -u -d '-2 days -3 hours' +%Y%m%d%H%M%S)"
  echo "Branch main (at a1f3c09) deployed as release $r0 by tomas" > "$work/revisions.log"
  echo a1f3c09 > "$base/REVISION"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" coldharbour "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  echo "$(hms) ch-web-3 quiet, deploying the quote breakdown work (CH-88) after the standup" >> "$notes"
  wait_until "$(echo "$start + $seconds * 25 / 100" | bc)"
  echo 5d2e8b1 > "$base/REVISION"
  echo "Branch main (at 5d2e8b1) deployed as release $(date -u +%Y%m%d%H%M%S) by tomas" >> "$work/revisions.log"
  kill -HUP "$m"
  echo "$(hms) deployed 5d2e8b1 (CH-88 quote rate breakdown), HUP to unicorn master $m" >> "$notes"
  wait_until "$(echo "$start + $seconds * 48 / 100" | bc)"
  echo "$(hms) config change: flipped the lanes_v2 flag on for all shippers (CH-91, Flipper UI, no restart)" >> "$notes"
  wait_until "$(echo "$start + $seconds * 62 / 100" | bc)"
  echo "$(hms) workers climbing steadily since ~the flag flip. lanes_v2 loads the new tariff tables?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 72 / 100" | bc)"
  echo a1f3c09 > "$base/REVISION"
  echo "tomas rolled back to release $r0" >> "$work/revisions.log"
  kill -HUP "$m"
  echo "$(hms) rolled back to a1f3c09 (cap deploy:rollback), HUP to $m. lanes_v2 stays on" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) workers flat since the rollback. copied the logs" >> "$notes"
  kill -QUIT "$m"; wait "$uni" || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/gc_stat.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "coldharbour: master=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h17-puma-cluster-jemalloc-export-gc-tuning-deploy-control: Larchwater on puma cluster (3 workers x 4 threads, no
# preload_app) under jemalloc (LD_PRELOAD, narenas:2, dirty_decay_ms:1000), lograge JSON production.log, puma.stdout.log,
# and the on-call's `while sleep 2; do date -Is; ps -o pid,ppid,rss,vsz,etime,args -p MASTER --ppid MASTER; done` loop.
# At 35 % a GC tuning change and at 65 % a deploy, each rolled out as a phased restart (USR1).
lw_ps() { local m="$1"; while sleep 2 && [ -e "/proc/$m" ]; do date -Is; ps -o pid,ppid,rss,vsz,etime,args -p "$m" --ppid "$m" || true; done; }
record_larchwater() {
  local seconds=${H17_SECONDS:-110} base=/srv/larchwater dest="$out_root/h17-puma-cluster-jemalloc-export-gc-tuning-deploy-control" port work
  work="$(mktemp -d)"; install_app larchwater; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (lw-web-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0 \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  TZ=UTC lw_ps "$m" > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) lw-web-2 memory alarm overnight (LW-130: 1.4 GB). restarted puma, watching ps every 2 s" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" larchwater "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 35 / 100" | bc)"
  echo "$(hms) config change: GC tuning (LW-131) RUBY_GC_HEAP_GROWTH_FACTOR=1.1, RUBY_GC_MALLOC_LIMIT_MAX=33554432 in the unit's env file, phased restart (USR1 to $m)" >> "$notes"
  kill -USR1 "$m"
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  echo "$(hms) RSS of a worker jumps 60-90 MB on every owners' bookings export, then falls back. still, did the GC change make it worse?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 65 / 100" | bc)"
  echo "$(hms) deployed r2291 (LW-127 cabin photo captions), phased restart (USR1 to $m)" >> "$notes"
  kill -USR1 "$m"
  wait "$load"; sleep 3
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, puma.stdout.log and ps.log" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "larchwater: master=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h17-puma-single-oink-vendored-breadcrumbs-gem-beside-document-uploads) record_kestrelmoor ;;
    h17-sidekiq-two-procs-imports-queue-sku-registry-beside-statement-rollups) record_fellbridge ;;
    h17-unicorn-deploy-quote-memo-rollback-flag-note) record_coldharbour ;;
    h17-puma-cluster-jemalloc-export-gc-tuning-deploy-control) record_larchwater ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
