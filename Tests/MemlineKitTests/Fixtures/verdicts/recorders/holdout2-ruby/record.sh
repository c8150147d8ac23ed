#!/usr/bin/env bash
# Records the holdout2-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, sysstat 12.6, and
# Debian's puma (5.6.5) and unicorn (6.0.0) packages.
#   ./record.sh [INCIDENT…]     default: sidekiq-dump-leak deploy-rollback
#
# sidekiq-dump-leak (100 s): larder/ deployed to $LARDER_BASE (default /srv/larder); puma in cluster mode (2
#   workers × 3 threads, preload_app) and bin/sidekiq (a Sidekiq 6.5 stand-in, 4 threads, JSON log) with
#   HEAP_DUMP=1 ALLOC_TRACE=1; pidstat -r samples exactly those 4 pids once a second; `kill -URG` to the job
#   process at 30/60/90 % writes ObjectSpace.dump_all, and the dumps are handed over as sidekiq-heap-<n>.json
#   with the mtimes of a copy made a week later.
# deploy-rollback (110 s): cartwheel/ deployed Capistrano-style to $CARTWHEEL_BASE (default /srv/cartwheel) as
#   release 3.8.2; real unicorn (3 workers, preload_app) and bin/sidekiq; at ~27 % release 3.9.0 (cartwheel/ +
#   cartwheel-3.9.0/ on top) goes out with USR2 (and a sidekiq restart), at ~75 % it is rolled back the same way.
#   pidstat -r -l -h -p ALL -C 'unicorn|sidekiq' is cut down afterwards to this run's pids (other engineers
#   ran unicorns and sidekiqs on the same machine).
# Artifacts are copied to ../../<incident>/ (text files over ~100 KB gzipped); expected.json and README.md
# there are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(sidekiq-dump-leak deploy-rollback)
export MALLOC_ARENA_MAX=2

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local t="$1"; local now; now="$(date +%s.%N)"; sleep "$(echo "$t - $now" | bc | sed 's/^-.*/0/')"; }
hms() { date -u +%H:%M:%S; }

finish() { # work dir, destination
  local work="$1" dest="$2"
  for f in "$work"/*.log "$work"/*.jsonl "$work"/*.txt; do
    [ -e "$f" ] || continue
    if [ "$(stat -c %s "$f")" -gt 100000 ]; then gzip -9 -n "$f"; fi
  done
  mkdir -p "$dest"
  find "$dest" -mindepth 1 ! -name expected.json ! -name README.md -delete
  cp -p "$work"/* "$dest/"
  rm -rf "$work"
}

sidekiq_dump_leak() {
  local seconds=100 base="${LARDER_BASE:-/srv/larder}" work port
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/larder/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"
  export LARDER_LOG_DIR="$base/log" PORT="$port"
  (cd "$base" && exec puma -C config/puma.rb config.ru > log/puma.log 2>&1) &
  local puma=$!
  (cd "$base" && HEAP_DUMP=1 ALLOC_TRACE=1 exec ruby bin/sidekiq > /dev/null 2>&1) &
  local jobs=$!
  for _ in $(seq 150); do
    [ "$(grep -c ' booted in ' "$base/log/puma.log" 2>/dev/null)" = 2 ] && break
    sleep 0.2
  done
  local workers
  workers="$(sed -n 's/.*Worker [0-9] (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.log" | paste -sd,)"
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  TZ=UTC LC_ALL=C pidstat -r -p "$puma,$workers,$jobs" 1 "$((seconds + 3))" > "$work/pidstat.txt" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" sidekiq-dump-leak "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  echo "$(hms) paged: jobs-1 memory warning, sidekiq RSS well above last week's" >> "$notes"
  local n=0
  for f in 30 60 90; do
    wait_until "$((start + seconds * f / 100))"
    n=$((n + 1))
    kill -URG "$jobs"
    echo "$(hms) kill -URG $jobs (sidekiq) for heap dump $n, ALLOC_TRACE=1 has been on since the restart" >> "$notes"
    case "$n" in
      1) echo "$(hms) marketing's weekly offers mailing (BulkMailerJob batches) is going out this morning" >> "$notes" ;;
      2) echo "$(hms) web-1 puma workers jumped too; someone is downloading shrinkage reports again" >> "$notes" ;;
    esac
  done
  wait "$load"
  sleep 1
  kill -TERM "$jobs"; wait "$jobs" || true
  kill -TERM "$puma"; wait "$puma" || true
  wait "$stat" || true
  echo "$(hms) restarted sidekiq on jobs-1, dumps copied to the ticket" >> "$notes"
  cp "$base"/log/production.log "$base"/log/sidekiq.log "$base"/log/puma.log "$base"/log/gc_stat.*.jsonl "$work/"
  cp "$base"/tmp/pids/puma.pid "$base"/tmp/pids/sidekiq.pid "$work/" 2>/dev/null || true
  n=0
  for f in $(ls "$base"/tmp/heap-*.json | sort); do
    n=$((n + 1))
    cp "$f" "$work/sidekiq-heap-$n.json" # copied without -p: the copy's time
    gzip -9 -n "$work/sidekiq-heap-$n.json"
    touch -d "$(date -u -d '+7 days' '+%F %T')" "$work/sidekiq-heap-$n.json.gz"
  done
  cat "$work/load.stderr" >&2; rm -f "$work/load.stderr"
  finish "$work" "$out_root/sidekiq-dump-leak"
  rm -rf "$base"
}

deploy_rollback() {
  local seconds=110 base="${CARTWHEEL_BASE:-/srv/cartwheel}" work port
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids"
  port="$(free_port)"
  export CARTWHEEL_SHARED="$base/shared" CARTWHEEL_CURRENT="$base/current" LISTEN="127.0.0.1:$port"
  release() { # name, "version sha", overlay dir
    local dir="$base/releases/$1"
    mkdir -p "$dir"; cp -r "$here/cartwheel/." "$dir/"
    [ -n "${3:-}" ] && cp -r "$3/." "$dir/"
    echo "$2" > "$dir/REVISION"
    ln -sfn "$dir" "$base/current.tmp" && mv -T "$base/current.tmp" "$base/current"
  }
  local old_rel new_rel
  old_rel="$(date -u -d '-2 days' +%Y%m%d%H%M%S)"
  release "$old_rel" "3.8.2 4be19a0"
  (cd "$base/current" && exec unicorn -c config/unicorn.rb -E production config.ru) &
  (cd "$base/current" && exec ruby bin/sidekiq > /dev/null 2>&1) &
  local sidekiq=$!
  for _ in $(seq 150); do
    [ "$(grep -c 'master process ready' "$base/shared/log/unicorn.stderr.log" 2>/dev/null)" = 1 ] && break
    sleep 0.2
  done
  TZ=UTC LC_ALL=C pidstat -r -l -h -p ALL -C 'unicorn|sidekiq' 1 "$((seconds + 3))" > "$work/pidstat.all" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" deploy-rollback "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  wait_until "$((start + seconds * 24 / 100))"
  echo "$(hms) cap production deploy: cartwheel 3.9.0 (e7c41d9, promo previews on the cart API) to web-3" >> "$notes"
  sleep 3
  new_rel="$(date -u +%Y%m%d%H%M%S)"
  release "$new_rel" "3.9.0 e7c41d9" "$here/cartwheel-3.9.0"
  kill -USR2 "$(cat "$base/shared/tmp/pids/unicorn.pid")"
  sleep 2
  kill -TERM "$sidekiq"; wait "$sidekiq" || true
  (cd "$base/current" && ONE_OFF_AT="$((start + seconds * 50 / 100))" exec ruby bin/sidekiq > /dev/null 2>&1) &
  sidekiq=$!
  sleep 1
  echo "$(hms) deploy 3.9.0 finished: unicorn USR2 done, sidekiq restarted" >> "$notes"
  wait_until "$((start + seconds * 50 / 100))"
  echo "$(hms) Priya kicked off PriceRecalculationJob from the console (new EUR price lists)" >> "$notes"
  wait_until "$((start + seconds * 63 / 100))"
  echo "~$(date -u +%H:%M) memory alert: web-3 unicorn workers at 85% of the container limit" >> "$notes"
  wait_until "$((start + seconds * 75 / 100))"
  echo "$(hms) rolling back to 3.8.2 (cap production deploy:rollback), workers keep growing since 3.9.0" >> "$notes"
  ln -sfn "$base/releases/$old_rel" "$base/current.tmp" && mv -T "$base/current.tmp" "$base/current"
  kill -USR2 "$(cat "$base/shared/tmp/pids/unicorn.pid")"
  sleep 2
  kill -TERM "$sidekiq"; wait "$sidekiq" || true
  (cd "$base/current" && exec ruby bin/sidekiq > /dev/null 2>&1) &
  sidekiq=$!
  sleep 1
  rm -rf "${base:?}/releases/$new_rel"
  echo "$(hms) rollback to 3.8.2 done, new unicorn workers and sidekiq up" >> "$notes"
  wait "$load"
  sleep 1
  echo "$(hms) web-3 memory flat again on 3.8.2, handing over logs" >> "$notes"
  wait "$stat" || true
  kill -TERM "$sidekiq"; wait "$sidekiq" || true
  local master; master="$(cat "$base/shared/tmp/pids/unicorn.pid")"
  cp "$base/shared/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$master"
  while kill -0 "$master" 2>/dev/null; do sleep 0.2; done
  # keep only this run's processes: every pid in unicorn's log (masters and workers) and sidekiq's
  local pids
  pids="$( (sed -n 's/.*#\([0-9]*\)\].*/\1/p' "$base/shared/log/unicorn.stderr.log"; \
            sed -n 's/.* pid=\([0-9]*\) .*/\1/p' "$base/shared/log/unicorn.stderr.log" "$base/shared/log/sidekiq.log") | sort -u)"
  awk -v pids="$(echo $pids)" 'BEGIN { n = split(pids, a, " "); for (i = 1; i <= n; i++) keep[a[i]] = 1 }
    NR == 1 { print; next } /^#/ { hdr = $0; next } NF == 0 { next }
    ($3 in keep) { if (hdr != "") { print ""; print hdr; hdr = "" } print }' \
    "$work/pidstat.all" > "$work/pidstat.txt"
  rm -f "$work/pidstat.all"
  cp "$base"/shared/log/unicorn.stderr.log "$base"/shared/log/performance.log "$base"/shared/log/sidekiq.log "$work/"
  cat "$work/load.stderr" >&2; rm -f "$work/load.stderr"
  finish "$work" "$out_root/deploy-rollback"
  rm -rf "$base"
}

for incident in "${incidents[@]}"; do
  case "$incident" in
    sidekiq-dump-leak) sidekiq_dump_leak ;;
    deploy-rollback) deploy_rollback ;;
    *) echo "unknown incident $incident" >&2; exit 64 ;;
  esac
done
