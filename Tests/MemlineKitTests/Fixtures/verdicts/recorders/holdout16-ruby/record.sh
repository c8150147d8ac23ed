#!/usr/bin/env bash
# Records the holdout16-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 + unicorn-worker-killer 0.4.4 (gems), sysstat (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h16-puma-classic-log-dosage-chart-memo-beside-revenue-report   fernhollow/ (120 s)
#     h16-sidekiq-json-retry-failure-registry-beside-ledger-snapshots marrowgate/ (120 s)
#     h16-platform-release-eta-memo-config-release-dispatch-board-r14  tarnwick/   (150 s, or until 5 s after the first R14)
#     h16-unicorn-killer-sawtooth-wholesale-export-deploy-control    gorsebrook/ (110 s)
# common/rackbase.rb is copied into each app as lib/<app>/base.rb. H16_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h16-puma-classic-log-dosage-chart-memo-beside-revenue-report h16-sidekiq-json-retry-failure-registry-beside-ledger-snapshots
  h16-platform-release-eta-memo-config-release-dispatch-board-r14 h16-unicorn-killer-sawtooth-wholesale-export-deploy-control)
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
workers_of() { ps -o pid= --ppid "$1" --sort=start_time | tr -d ' ' | paste -sd, -; }

# h16-puma-classic-log-dosage-chart-memo-beside-revenue-report: Fernhollow on puma (2 workers x 3 threads, preload_app!),
# the Rails production.log tagged by request id (Started/Processing/Completed ... Allocations:), `pidstat -r -p MASTER,W0,W1 2`.
# Allocation tracing in the workers (on_worker_boot); three heap dumps of worker 0 (25/55/85 %) written as
# log/heap-<UTC time>.json, copied at the end with plain cp (mtimes lost, the time stays in the name).
record_fernhollow() {
  local seconds=${H16_SECONDS:-120} base=/srv/fernhollow dest="$out_root/h16-puma-classic-log-dosage-chart-memo-beside-revenue-report" port work
  work="$(mktemp -d)"; install_app fernhollow; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (fh-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 2
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  local ws; ws="$(workers_of "$m")"
  LC_ALL=C TZ=UTC pidstat -r -p "$m,$ws" 2 > "$work/pidstat.txt" &
  local sampler=$!
  echo "$(hms) fh-web-1 puma workers at 2.3 GB by the evening (FH-203). restarted puma with allocation tracing, pidstat on $m,$ws" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" fernhollow "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! w0="${ws%%,*}" f
  for f in 25 55 85; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    echo "$w0" > "$base/tmp/heapdump.request"; echo "$(hms) heap dump of worker 0 ($w0) requested" >> "$notes"
    [ "$f" = 55 ] && echo "$(hms) the clinic revenue report allocates ~500k objects per request (Allocations: in the log). that has to be it" >> "$notes"
  done
  wait "$load"; sleep 2
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, pidstat and the dumps off the box" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$work/"
  cp "$base"/log/heap-*.json "$work/" # plain cp: the copies' mtimes are the copy time
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *heap-*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "fernhollow: master=$m workers=$ws" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h16-sidekiq-json-retry-failure-registry-beside-ledger-snapshots: Marrowgate's Sidekiq 6.5 stand-in (8 threads, default
# glibc arenas), Sidekiq's JSON log (log/sidekiq.log), GC.stat envelopes every 5 s (log/gc_stats.jsonl), and the on-call's
# `while sleep 3; do date -Is; cat /proc/PID/status; done` loop (proc-status.log).
mg_status() { local p="$1"; while sleep 3 && [ -e "/proc/$p/status" ]; do date -Is; cat "/proc/$p/status" 2>/dev/null || true; done; }
record_marrowgate() {
  local seconds=${H16_SECONDS:-120} base=/srv/marrowgate dest="$out_root/h16-sidekiq-json-retry-failure-registry-beside-ledger-snapshots" work
  work="$(mktemp -d)"; install_app marrowgate
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (mg-jobs-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" RUN_SECONDS="$seconds" ruby bin/sidekiq > /dev/null 2>&1) &
  local sk=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  TZ=UTC mg_status "$sk" > "$work/proc-status.log" &
  local sampler=$!
  local start; start="$(date +%s.%N)"
  echo "$(hms) restarted sidekiq on mg-jobs-1 (MG-177: 2.8 GB after a day, OOM-killed twice this week). sampling /proc/$sk/status" >> "$notes"
  wait_until "$(echo "$start + $seconds * 45 / 100" | bc)"
  echo "$(hms) every RSS step lines up with a Ledger::SnapshotJob run. the snapshot keeps the ledger around?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 70 / 100" | bc)"
  echo "$(hms) some acme-pay / nordfin webhooks failing with 502 again, sidekiq retrying them. partner side, not ours" >> "$notes"
  wait "$sk" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq.log, gc_stats.jsonl and the status loop" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$base/log/gc_stats.jsonl" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "marrowgate: pid=$sk" >&2
  rm -rf "$work" "$base"
}

# h16-platform-release-eta-memo-config-release-dispatch-board-r14: tarnwick-dispatch's web.1 and web.2 (puma single mode,
# 4 threads each) played by tarnwick/drain.rb, which writes `heroku logs` plain lines: router, app, runtime metrics, releases.
record_tarnwick() {
  local seconds=${H16_SECONDS:-150} base=/srv/tarnwick dest="$out_root/h16-platform-release-eta-memo-config-release-dispatch-board-r14" work
  work="$(mktemp -d)"; install_app tarnwick
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (tarnwick-dispatch, heroku logs --tail)" > "$notes"
  echo "$(hms) dashboards: web dynos' memory climbing since yesterday's releases (TW-320). tailing the logs" >> "$notes"
  (cd "$base" && env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" ruby "$here/tarnwick/drain.rb" "$base" "$seconds" "$work/heroku.log" "$notes")
  echo "$(hms) saved the tail (heroku.log)" >> "$notes"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h16-unicorn-killer-sawtooth-wholesale-export-deploy-control: Gorsebrook on unicorn (3 workers, no preload_app),
# unicorn-worker-killer's Oom (40-46 MB, every 4 requests), lograge JSON production.log, CONSUME MEMORY lines
# (log/memory.log), unicorn.stderr.log. At 50 % a deploy (same code; revisions.log line) is a HUP to the master.
record_gorsebrook() {
  local seconds=${H16_SECONDS:-110} base=/srv/gorsebrook dest="$out_root/h16-unicorn-killer-sawtooth-wholesale-export-deploy-control" port work
  work="$(mktemp -d)"; install_app gorsebrook; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (gb-web-2)" > "$notes"
  echo "Branch main (at 3be90d2) deployed as release $(date -u -d '-3 days -5 hours' +%Y%m%d%H%M%S) by ines" > "$work/revisions.log"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  echo "$(hms) gb-web-2 memory alert (GB-40: workers at 80 MB). watching memory.log and unicorn.stderr.log" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" gorsebrook "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  echo "Branch main (at 71c0e2a) deployed as release $(date -u +%Y%m%d%H%M%S) by ines" >> "$work/revisions.log"
  kill -HUP "$m"
  echo "$(hms) deployed 71c0e2a (GB-44 opening hours on the store pages), HUP to unicorn master $m" >> "$notes"
  wait_until "$(echo "$start + $seconds * 75 / 100" | bc)"
  echo "$(hms) workers still climb after the deploy, every one of them. 71c0e2a leaking? the wholesale export is in every climb" >> "$notes"
  wait "$load"; sleep 2
  kill -QUIT "$m"; wait "$uni" || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "gorsebrook: master=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h16-puma-classic-log-dosage-chart-memo-beside-revenue-report) record_fernhollow ;;
    h16-sidekiq-json-retry-failure-registry-beside-ledger-snapshots) record_marrowgate ;;
    h16-platform-release-eta-memo-config-release-dispatch-board-r14) record_tarnwick ;;
    h16-unicorn-killer-sawtooth-wholesale-export-deploy-control) record_gorsebrook ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
