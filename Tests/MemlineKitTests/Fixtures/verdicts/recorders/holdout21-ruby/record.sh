#!/usr/bin/env bash
# Records the holdout21-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 + unicorn-worker-killer 0.4.4 (gems), nginx, sysstat (pidstat), procps, bc, gzip. Runs as root: the apps
# run from /srv/<app>, so the artifacts name /srv/<app> as the runtime wrote it (no rewriting needed).
#   ./record.sh [INCIDENT…]   default: all four
#     h21-puma-cluster-peckwatch-subscriber-registry-beside-catalog-json   brambleford/ (110 s)
#     h21-unicorn-nginx-tenant-layout-history-killer-beside-bulk-import    quarrymoor/  (120 s)
#     h21-sidekiq-json-per-host-pool-restart-beside-crm-retries            lanthorne/   (2 x 55 s)
#     h21-heroku-puma-web-concurrency-deploy-flat-slow-report-control      tessmoor/    (130 s)
# common/rackbase.rb is copied into each Rack app as lib/<app>/base.rb. H21_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h21-puma-cluster-peckwatch-subscriber-registry-beside-catalog-json
  h21-unicorn-nginx-tenant-layout-history-killer-beside-bulk-import h21-sidekiq-json-per-host-pool-restart-beside-crm-retries
  h21-heroku-puma-web-concurrency-deploy-flat-slow-report-control)
cd /; unset OLDPWD

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local t="$1" now; now="$(date +%s.%N)"; sleep "$(echo "$t - $now" | bc | sed 's/^-.*/0/')"; }
hms() { date -u +%H:%M:%S; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { for _ in $(seq 300); do local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"; [ "${c:-0}" -ge "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 x '$2' in $1" >&2; return 1; }
install_app() { local d="/srv/$1"
  rm -rf "$d"; mkdir -p "$d"; cp -r "$here/$1/." "$d/"; mkdir -p "$d/log" "$d/tmp/pids"
  if [ -d "$d/lib" ]; then mkdir -p "$d/lib/$1"; cp "$here/common/rackbase.rb" "$d/lib/$1/base.rb"; fi; }
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
workers_of() { ps -o pid= --ppid "$1" --sort=start_time | tr -d ' ' | paste -sd, -; }

# h21-puma-cluster-peckwatch-subscriber-registry-beside-catalog-json: Brambleford on puma (2 workers x 2 threads,
# preload_app!, allocation tracing from on_worker_boot), lograge key=value production.log, GC.stat Logger lines every
# 25 requests per worker (log/gc_stat.log), the on-call's `while sleep 5; do date; ps aux | awk 'NR == 1 || $11 ~ /^puma/'; done`
# (ps.log: the header kept, only puma's lines), and ObjectSpace dumps of BOTH workers at 25/55/85 % (heap-PID-<UTC>.json).
bf_ps() { while sleep 5; do date; ps aux | awk 'NR == 1 || $11 ~ /^puma/'; done; }
record_brambleford() {
  local seconds=${H21_SECONDS:-110} base=/srv/brambleford dest="$out_root/h21-puma-cluster-peckwatch-subscriber-registry-beside-catalog-json" port work
  work="$(mktemp -d)"; install_app brambleford; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (bf-web-4)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 2
  local m ws; m="$(cat "$base/tmp/pids/puma.pid")"; ws="$(workers_of "$m")"
  TZ=UTC LC_ALL=C bf_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) bf-web-4 puma restarted with allocation tracing (BF-412: workers reach 1.8 GB by night). master $m, workers $ws. ps every 5 s" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" brambleford "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! f w
  for f in 25 55 85; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    for w in ${ws//,/ }; do touch "$base/tmp/heapdump.$w"; done
    echo "$(hms) heap dumps of both workers requested" >> "$notes"
    [ "$f" = 55 ] && echo "$(hms) GC.stat: total_allocated_objects jumps ~1M on every partner catalog pull (/api/v2/catalog.json). that's our hog?" >> "$notes"
  done
  wait "$load" || true; sleep 3
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, gc_stat.log, puma.stdout.log, ps.log and the six dumps" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$base"/log/heap-*.json "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *heap-*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "brambleford: master=$m workers=$ws" >&2
  tail -n 5 "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h21-unicorn-nginx-tenant-layout-history-killer-beside-bulk-import: Quarrymoor on unicorn (3 workers, preload_app true)
# behind nginx (access.log with $request_time $upstream_response_time), the classic Rails production.log (no tags),
# unicorn-worker-killer's Oom (60-68 MB, every 5 requests) logging to unicorn.stderr.log, and the on-call's
# `while sleep 5; do date -Is; ps -o pid,ppid,rss,vsz,etime,comm -p MASTER --ppid MASTER; done` (ps.log).
qm_ps() { while sleep 5; do date -Is; ps -o pid,ppid,rss,vsz,etime,comm -p "$1" --ppid "$1"; done; }
record_quarrymoor() {
  local seconds=${H21_SECONDS:-120} base=/srv/quarrymoor dest="$out_root/h21-unicorn-nginx-tenant-layout-history-killer-beside-bulk-import" port uport work run
  work="$(mktemp -d)"; run="$(mktemp -d)"; install_app quarrymoor; rm "$base/nginx.conf.in"; port="$(free_port)"; uport="$(free_port)"
  mkdir -p "$run/tmp"
  sed "s#@RUN@#$run#g; s#@PORT@#$port#; s#@UNICORN_PORT@#$uport#" "$here/quarrymoor/nginx.conf.in" > "$run/nginx.conf"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (qm-app-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$uport" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  nginx -p "$run" -c "$run/nginx.conf" &
  local ngx=$!
  wait_port "$port"
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  TZ=UTC qm_ps "$m" > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) qm-app-1: worker killer firing every few minutes since Tuesday (QM-310). watching unicorn.stderr.log, ps every 5 s on master $m" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" quarrymoor "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 40 / 100" | bc)"
  echo "$(hms) a worker jumped ~40 MB during a POST /imports/bulk (ops re-running the price import). the import is what trips the killer?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 75 / 100" | bc)"
  echo "$(hms) dashboards slow for several tenants this morning (support tickets from pellmoor-dairy and ashby-greens)" >> "$notes"
  wait "$load" || true; sleep 2
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -QUIT "$ngx" 2>/dev/null || true; wait "$ngx" || true
  kill -QUIT "$m"; wait "$uni" || true
  echo "$(hms) copied nginx access.log, production.log, unicorn.stderr.log and ps.log" >> "$notes"
  cp -p "$run/access.log" "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "quarrymoor: master=$m" >&2
  tail -n 5 "$work/load.stderr" "$run/error.log" >&2; rm -rf "$work" "$base" "$run"
}

# h21-sidekiq-json-per-host-pool-restart-beside-crm-retries: Lanthorne's job box, a Sidekiq 7.1 stand-in (6 threads,
# queues critical and default, Sidekiq 7's JSON log on stdout -> log/sidekiq.log). Restarted in the middle (TERM, then a
# new process: the systemd unit's restart after an OOM alarm). `pidstat -r -p PID 3` per process, appended to pidstat.txt.
lt_start() { (cd "$1" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$1" RUN_SECONDS="$2" ruby bin/sidekiq >> "$1/log/sidekiq.log" 2>&1) & }
record_lanthorne() {
  local seconds=${H21_SECONDS:-110} base=/srv/lanthorne dest="$out_root/h21-sidekiq-json-per-host-pool-restart-beside-crm-retries" work
  work="$(mktemp -d)"; install_app lanthorne; rm -rf "$base/lib/lanthorne/base.rb"
  local notes="$work/oncall-notes.txt" half; half="$(echo "$seconds / 2" | bc)"
  echo "# on-call notes $(date -u +%F) UTC (lt-jobs-2)" > "$notes"
  lt_start "$base" "$half"; local s0=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  local p0; p0="$(cat "$base/tmp/pids/sidekiq.pid")"
  LC_ALL=C TZ=UTC pidstat -r -p "$p0" 3 >> "$work/pidstat.txt" &
  local sampler=$!
  echo "$(hms) lt-jobs-2 sidekiq ($p0) RSS alarm again (LT-530). pidstat -r every 3 s" >> "$notes"
  sleep "$(echo "$half * 45 / 100" | bc)"
  echo "$(hms) sidekiq.log is a wall of Crm::ContactSyncJob errors (CRM vendor 503s, retries piling up). that's what eats memory?" >> "$notes"
  wait "$s0" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) restarted sidekiq (systemctl restart sidekiq) to get the memory back" >> "$notes"
  lt_start "$base" "$half"; local s1=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 2
  local p1; p1="$(cat "$base/tmp/pids/sidekiq.pid")"
  LC_ALL=C TZ=UTC pidstat -r -p "$p1" 3 >> "$work/pidstat.txt" &
  sampler=$!
  echo "$(hms) new sidekiq pid $p1, pidstat again" >> "$notes"
  sleep "$(echo "$half * 60 / 100" | bc)"
  echo "$(hms) climbing again at the same slope. still the CRM retries?" >> "$notes"
  wait "$s1" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq.log and pidstat.txt" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "lanthorne: before=$p0 after=$p1" >&2
  rm -rf "$work" "$base"
}

# h21-heroku-puma-web-concurrency-deploy-flat-slow-report-control: tessmoor-web's web.1 and web.2 (puma cluster,
# WEB_CONCURRENCY 2, then 3 after release v214) played by tessmoor/drain.rb, which writes the drain's lines (drain.log).
record_tessmoor() {
  local seconds=${H21_SECONDS:-130} base=/srv/tessmoor dest="$out_root/h21-heroku-puma-web-concurrency-deploy-flat-slow-report-control" work
  work="$(mktemp -d)"; install_app tessmoor
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (tessmoor-web, log drain)" > "$notes"
  echo "$(hms) watching the drain for tessmoor-web ahead of the v214 deploy (TM-633)" >> "$notes"
  (cd "$base" && env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" ruby "$here/tessmoor/drain.rb" "$base" "$seconds" "$work/drain.log" "$notes")
  echo "$(hms) saved the drain's file (drain.log)" >> "$notes"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h21-puma-cluster-peckwatch-subscriber-registry-beside-catalog-json) record_brambleford ;;
    h21-unicorn-nginx-tenant-layout-history-killer-beside-bulk-import) record_quarrymoor ;;
    h21-sidekiq-json-per-host-pool-restart-beside-crm-retries) record_lanthorne ;;
    h21-heroku-puma-web-concurrency-deploy-flat-slow-report-control) record_tessmoor ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
