#!/usr/bin/env bash
# Records the ruby-holdout verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, sysstat and Debian's
# puma package (5.6.5).
#   ./record.sh [SECONDS] [INCIDENT…]    default: 100 s, gem-middleware-leak job-class-leak
# Each incident deploys app/ to $TILLPOINT_BASE (default /srv/tillpoint), starts puma in cluster mode (master +
# 3 workers × 2 threads, preload_app) and bin/sidekiq (a Sidekiq 7 stand-in, 3 threads), samples exactly those
# pids with pidstat -r once a second, drives the app with load.rb, plays the on-call engineer (notes, heap dumps
# by kill -USR2 to one worker), stops everything with SIGTERM and copies what a user would hand over to
# ../../<incident>/ (text files over ~100 KB gzipped; expected.json and README.md are written by hand and kept).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
base="${TILLPOINT_BASE:-/srv/tillpoint}"
seconds="${1:-100}"
shift || true
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(gem-middleware-leak job-class-leak)

note() { echo "$(date -u +%H:%M) $*" >> "$work/oncall-notes.md"; }

record() {
  local name="$1"
  local dest="$out_root/$name"
  work="$(mktemp -d)"
  rm -rf "$base"
  mkdir -p "$base"
  cp -r "$here/app/." "$base/"
  mkdir -p "$base/log" "$base/tmp/pids"
  local port
  port="$(ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close')"
  local site=receipts
  [ "$name" = job-class-leak ] && site=stocktake
  local -a env=(TILLPOINT_SITE="$site" PORT="$port")
  if [ "$name" = gem-middleware-leak ]; then
    env+=(ALLOC_TRACE=1 HEAP_DUMP_ON_USR2=1)
  else
    env+=(GC_STAT_SAMPLES=1)
  fi
  echo "# on-call notes $(date -u +%Y-%m-%d) UTC" > "$work/oncall-notes.md"

  (cd "$base" && exec env "${env[@]}" puma -C config/puma.rb > log/puma.stdout.log 2>&1) &
  local puma_pid=$!
  (cd "$base" && exec env "${env[@]}" ruby bin/sidekiq > /dev/null 2>&1) &
  local sidekiq_pid=$!
  for _ in $(seq 100); do
    [ "$(grep -c 'booted in' "$base/log/puma.stdout.log" 2>/dev/null)" = 3 ] && break
    sleep 0.2
  done
  local workers
  workers="$(sed -n 's/.*Worker [0-9] (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.stdout.log" | paste -sd,)"
  local worker1
  worker1="$(sed -n 's/.*Worker 1 (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.stdout.log")"
  cp "$base/tmp/pids/puma.pid" "$base/tmp/pids/sidekiq.pid" "$work/"
  local -a pidstat_opts=(-r)
  [ "$name" = gem-middleware-leak ] && pidstat_opts+=(-l)
  TZ=UTC LC_ALL=C S_TIME_FORMAT=ISO pidstat "${pidstat_opts[@]}" -p "$puma_pid,$workers,$sidekiq_pid" 1 "$((seconds + 4))" \
    > "$work/pidstat.txt" &
  local stat=$!
  sleep 2
  ruby "$here/load.rb" "$name" "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local start
  start="$(date +%s)"
  case "$name" in
    gem-middleware-leak)
      note "paged: web-2 puma workers over the 80% memory warning, jobs box fine? checking"
      for f in 25 55 90; do
        sleep "$(( start + seconds * f / 100 - $(date +%s) ))"
        kill -USR2 "$worker1"
        note "kill -USR2 $worker1 (puma worker 1) for a heap dump, ALLOC_TRACE=1 since the last restart"
        [ "$f" = 55 ] && note "receipt uploads are on again today (month end), they always push workers up"
      done
      ;;
    job-class-leak)
      note "paged: memory alarm on web-2 (puma + sidekiq on the same box)"
      sleep "$(( seconds * 40 / 100 ))"
      note "stock-take exports running from the stores since this morning, /inventory/export.csv is slow"
      sleep "$(( seconds * 30 / 100 ))"
      note "sidekiq RSS keeps going up; ReportExportJob was moved to every 20 s last week for the dashboards"
      ;;
  esac
  wait "$load"
  kill -TERM "$sidekiq_pid"
  kill -TERM "$puma_pid"
  wait "$sidekiq_pid" || true
  wait "$puma_pid" || true
  wait "$stat" || true
  note "restarted puma and sidekiq, memory back to normal, handing the files over"

  cp "$base"/log/production.log "$base"/log/sidekiq.log "$base"/log/puma.stdout.log "$work/"
  cp "$base"/log/gc_stat.*.jsonl "$work/" 2>/dev/null || true
  for f in "$base"/tmp/heap-*.json; do
    [ -e "$f" ] || continue
    # the deploy path is in the dumps as is (/srv/tillpoint by default)
    cp -p "$f" "$work/"
  done
  gzip -9 -n "$work"/heap-*.json 2>/dev/null || true
  for f in "$work"/*.log "$work"/*.jsonl "$work"/*.txt; do
    [ -e "$f" ] || continue
    if [ "$(stat -c %s "$f")" -gt 100000 ]; then gzip -9 -n "$f"; fi
  done
  cat "$work/load.stderr" >&2; rm -f "$work/load.stderr"
  mkdir -p "$dest"
  find "$dest" -mindepth 1 ! -name expected.json ! -name README.md -delete
  cp -p "$work"/* "$dest/"
  rm -rf "$work" "$base"
}

for incident in "${incidents[@]}"; do
  record "$incident"
done
