#!/usr/bin/env bash
# Records the holdout23-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, ruby-rack, Debian's puma 5.6.5,
# Debian's unicorn 6.0 (apt-get install unicorn), sysstat (pidstat), procps, gzip. Runs as root: the apps run from
# /srv/<app>, so the artifacts name /srv/<app> as the runtime wrote it (no rewriting needed).
#   ./record.sh [INCIDENT…]   default: all four, two at a time
#     h23-activejob-hollinbeck-recall-ledger-rare-sweep-heap-dumps-beside-slot-refresh   hollinbeck/ (120 s, no web)
#     h23-puma-lograge-gorsemoor-thread-local-reading-batch-beside-csv-export-gc-stat    gorsemoor/  (130 s)
#     h23-puma-cluster-skelwith-fare-memo-flag-after-unrelated-deploy                     skelwith/   (150 s)
#     h23-unicorn-kettlesing-worker-killer-traffic-doubling-deploy-note-control           kettlesing/ (140 s)
# common/stand.rb is copied into each web app as lib/stand.rb. Text over ~100 KB is gzipped (-9 -n); expected.json and
# README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h23-activejob-hollinbeck-recall-ledger-rare-sweep-heap-dumps-beside-slot-refresh
  h23-puma-lograge-gorsemoor-thread-local-reading-batch-beside-csv-export-gc-stat
  h23-puma-cluster-skelwith-fare-memo-flag-after-unrelated-deploy
  h23-unicorn-kettlesing-worker-killer-traffic-doubling-deploy-note-control)
cd /; unset OLDPWD

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
hms() { date -u +%H:%M:%S; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { for _ in $(seq 400); do local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"; [ "${c:-0}" -ge "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 x '$2' in $1" >&2; return 1; }
wait_file() { for _ in $(seq 300); do [ -s "$1" ] && return 0; sleep 0.2; done; echo "no $1" >&2; return 1; }
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
sleep_until() { local d=$(( $1 - $(date +%s) )); [ "$d" -gt 0 ] && sleep "$d"; return 0; }

# h23-activejob-hollinbeck-recall-ledger-rare-sweep-heap-dumps-beside-slot-refresh: Hollinbeck's job process (bin/jobs,
# ActiveJob Async adapter stand-in, 2 threads), production.log, `pidstat -r -p PID 3` (pidstat.txt), three heap dumps
# by SIGUSR2 at ~22 s, ~62 s, ~104 s, copied off the box with plain `cp` at the end (mtimes are the copy time).
record_hollinbeck() {
  local seconds=120 base=/srv/hollinbeck dest="$out_root/h23-activejob-hollinbeck-recall-ledger-rare-sweep-heap-dumps-beside-slot-refresh" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids" "$base/tmp/heapdumps"; cp -r "$here/hollinbeck/." "$base/"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (hb-jobs-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" RUN_SECONDS="$seconds" ruby bin/jobs) &
  local jobs=$!
  wait_file "$base/tmp/pids/jobs.pid"
  local p start; p="$(cat "$base/tmp/pids/jobs.pid")"; start="$(date +%s)"
  LC_ALL=C TZ=UTC pidstat -r -p "$p" 3 > "$work/pidstat.txt" &
  local sampler=$!
  echo "$(hms) hb-jobs-1 jobs process ($p) paged again at 1.1 GB overnight (HB-402). pidstat -r every 3 s, heap dumps with kill -USR2 (HB-388)" >> "$notes"
  sleep_until $(( start + 22 )); kill -USR2 "$p"
  echo "$(hms) heap dump 1 (tmp/heapdumps/heap-1.json)" >> "$notes"
  sleep_until $(( start + 45 ))
  echo "$(hms) Appointments::SlotRefreshJob runs every 1.5 s and rebuilds every clinic's slot grid (~100 ms a run, by far the busiest job). must be that" >> "$notes"
  sleep_until $(( start + 62 )); kill -USR2 "$p"
  echo "$(hms) heap dump 2" >> "$notes"
  sleep_until $(( start + 104 )); kill -USR2 "$p"
  echo "$(hms) heap dump 3. will diff them tomorrow, proposing to move SlotRefreshJob to its own box" >> "$notes"
  wait "$jobs" || true; sleep 3
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  sleep 5
  local n; for n in 1 2 3; do cp "$base/tmp/heapdumps/heap-$n.json" "$work/"; sleep 1; done
  cp -p "$base/log/production.log" "$work/"
  echo "$(hms) copied production.log, pidstat.txt and the three heap dumps to the ticket" >> "$notes"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "hollinbeck: pid=$p" >&2
  rm -rf "$work" "$base"
}

# h23-puma-lograge-gorsemoor-thread-local-reading-batch-beside-csv-export-gc-stat: Gorsemoor on puma single mode
# (5 threads) in Asia/Kolkata local time: lograge key=value production.log, GC.stat JSON envelopes every 5 s
# (gc_stat.log), the on-call's CSV loop `ts,pid,rss_kb` every 7 s (rss.csv), puma.stdout.log.
gm_rss() { echo "ts,pid,rss_kb"; while sleep 7; do echo "$(date -Iseconds),$1,$(ps -o rss= -p "$1" | tr -d ' ')"; done; }
record_gorsemoor() {
  local seconds=130 base=/srv/gorsemoor dest="$out_root/h23-puma-lograge-gorsemoor-thread-local-reading-batch-beside-csv-export-gc-stat" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/gorsemoor/." "$base/"
  cp "$here/common/stand.rb" "$base/lib/stand.rb"; port="$(free_port)"
  local notes="$work/oncall-notes.txt" lhms="env TZ=Asia/Kolkata date +%H:%M:%S"
  echo "# on-call notes $(TZ=Asia/Kolkata date +%F) (Asia/Kolkata) gm-api-2" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Asia/Kolkata HOME="$base" PORT="$port" puma -C config/puma.rb) &
  local puma=$!
  wait_port "$port"
  local p; p="$(cat "$base/tmp/pids/puma.pid")"
  TZ=Asia/Kolkata gm_rss "$p" > "$work/rss.csv" &
  local sampler=$!
  echo "$($lhms) gm-api-2 puma ($p) restarted by the OOM alarm at 03:10 (GM-655). rss loop every 7 s, gc probe on" >> "$notes"
  ruby "$here/load.rb" gorsemoor "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  sleep 55
  echo "$($lhms) billing pulled consumption.csv again, RSS jumped. every export is 20+ MB of CSV built in memory (GM-640 to stream it)" >> "$notes"
  sleep 45
  echo "$($lhms) heap_allocated_pages up after each export. the export is the leak, asking billing to stop pulling it every few seconds" >> "$notes"
  wait "$load" || true; sleep 4
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$p"; wait "$puma" || true
  echo "$($lhms) copied production.log, gc_stat.log, puma.stdout.log and rss.csv" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "gorsemoor: pid=$p" >&2; tail -n 3 "$work/load.stderr" "$base/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

# h23-puma-cluster-skelwith-fare-memo-flag-after-unrelated-deploy: Skelwith on puma (3 workers x 4 threads, no
# preload) in a Capistrano layout. Deploy of 5.8.0 (b7d20f4, timetable footer) by phased restart (SIGUSR1) ~25 s in;
# ~40 s later ops turn fare_matrix_memo on in shared/config/flags.yml (the workers re-read it). Classic production.log,
# puma.stdout.log, revisions.log, flags.yml, the on-call's `while sleep 10; do date; ps -eo pid,ppid,rss,vsz,args | awk 'NR == 1 || $5 ~ /^puma/'; done` (ps.log).
sk_release() { # NAME REVISION FOOTER
  local d=/srv/skelwith/releases/$1
  mkdir -p "$d"; cp -r "$here/skelwith/release/." "$d/"; cp "$here/common/stand.rb" "$d/lib/stand.rb"; echo "$2" > "$d/REVISION"
  [ -z "$3" ] || sed -i "s|<footer>Skelwith Lake Services</footer>|<footer>Skelwith Lake Services. $3</footer>|" "$d/lib/skelwith/timetable.rb"
}
sk_ps() { while sleep 10; do date; ps -eo pid,ppid,rss,vsz,args | awk 'NR == 1 || $5 ~ /^puma/'; done; }
record_skelwith() {
  local seconds=150 base=/srv/skelwith dest="$out_root/h23-puma-cluster-skelwith-fare-memo-flag-after-unrelated-deploy" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids" "$base/shared/config"; port="$(free_port)"
  local r0; r0="$(date -u -d '-3 days' +%Y%m%d%H%M%S)"
  sk_release "$r0" 4c2e91a ""; ln -sfn "$base/releases/$r0" "$base/current"
  echo "Branch main (at 4c2e91a) deployed as release $r0 by joss" > "$base/revisions.log"
  printf 'winter_banner: true\nseat_map_v2: false\nfare_matrix_memo: false\n' > "$base/shared/config/flags.yml"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (sk-web-3)" > "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" PORT="$port" PWD="$base/current" \
     puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/shared/log/puma.stdout.log" ' booted' 3
  local m start; m="$(cat "$base/shared/tmp/pids/puma.pid")"; start="$(date +%s)"
  LC_ALL=C TZ=UTC sk_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) sk-web-3 on watch for the 5.8.0 deploy (CHG-771). ps every 10 s" >> "$notes"
  ruby "$here/load.rb" skelwith "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local rel; rel="$(date -u +%Y%m%d%H%M%S)"; sk_release "$rel" b7d20f4 "Winter timetable from 4 January."
  sleep_until $(( start + 25 ))
  ln -sfn "$base/releases/$rel" "$base/current.tmp"; mv -T "$base/current.tmp" "$base/current"; kill -USR1 "$m"
  echo "Branch main (at b7d20f4) deployed as release $rel by joss" >> "$base/revisions.log"
  echo "$(hms) joss deployed 5.8.0 (b7d20f4, SK-1190 winter timetable footer), phased restart" >> "$notes"
  sleep_until $(( start + 65 ))
  sed -i 's/^fare_matrix_memo: false/fare_matrix_memo: true/' "$base/shared/config/flags.yml"
  echo "$(hms) (from #fares) Ines set fare_matrix_memo: true in shared/config/flags.yml, config change for SK-1187 quote latency" >> "$notes"
  sleep_until $(( start + 130 ))
  echo "$(hms) all three workers climbing since the 5.8.0 deploy, none of them flat. 5.8.0 leaks? joss to prepare the rollback to 4c2e91a" >> "$notes"
  wait "$load" || true; sleep 4
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied revisions.log, flags.yml, production.log, puma.stdout.log and ps.log" >> "$notes"
  cp -p "$base/revisions.log" "$base/shared/config/flags.yml" "$base/shared/log/production.log" "$base/shared/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "skelwith: master=$m" >&2; tail -n 3 "$work/load.stderr" "$base/shared/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

# h23-unicorn-kettlesing-worker-killer-traffic-doubling-deploy-note-control: Kettlesing on unicorn (3 workers, no
# preload) with the worker killer (40-48 MB, every 10 requests). Deploy 3.14.0 (HUP) ~50 s in, traffic doubles at 70 s.
# Tagged production.log, unicorn.stderr.log, the on-call's `while sleep 4; do date -Is; ps aux | grep '[u]nicorn \(master\|worker\)'; done` (ps.log).
ks_ps() { while sleep 4; do date -Is; ps aux | grep '[u]nicorn \(master\|worker\)' || true; done; }
record_kettlesing() {
  local seconds=140 base=/srv/kettlesing dest="$out_root/h23-unicorn-kettlesing-worker-killer-traffic-doubling-deploy-note-control" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/kettlesing/." "$base/"
  cp "$here/common/stand.rb" "$base/lib/stand.rb"; echo "3.13.2" > "$base/RELEASE"; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (ks-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m start; m="$(cat "$base/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  TZ=UTC ks_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) ks-web-1 on watch for the festival on-sale at $(date -u -d "@$(( start + 70 ))" +%H:%M). ps aux every 4 s" >> "$notes"
  ruby "$here/load.rb" kettlesing "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  sleep_until $(( start + 50 ))
  echo "3.14.0" > "$base/RELEASE"; kill -HUP "$m"
  echo "$(hms) deployed 3.14.0 (e5b61d9, KS-388 seat plan caching tweaks), HUP to unicorn master" >> "$notes"
  sleep_until $(( start + 72 ))
  echo "$(hms) on-sale open, traffic ~2x" >> "$notes"
  sleep_until $(( start + 125 ))
  echo "$(hms) worker killer firing over and over since the 3.14.0 deploy, workers dying left and right. 3.14.0 seat plan cache leaking? rollback?" >> "$notes"
  wait "$load" || true; sleep 4
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -QUIT "$m"; wait "$uni" || true
  echo "$(hms) copied production.log, unicorn.stderr.log and ps.log" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "kettlesing: master=$m" >&2; tail -n 3 "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

run_one() {
  case "$1" in
    h23-activejob-hollinbeck-recall-ledger-rare-sweep-heap-dumps-beside-slot-refresh) record_hollinbeck ;;
    h23-puma-lograge-gorsemoor-thread-local-reading-batch-beside-csv-export-gc-stat) record_gorsemoor ;;
    h23-puma-cluster-skelwith-fare-memo-flag-after-unrelated-deploy) record_skelwith ;;
    h23-unicorn-kettlesing-worker-killer-traffic-doubling-deploy-note-control) record_kettlesing ;;
    *) echo "unknown incident $1" >&2; return 2 ;;
  esac
}
rc=0; i=0
while [ $i -lt ${#incidents[@]} ]; do
  pids=(); run_one "${incidents[$i]}" & pids+=($!); sleep 2
  if [ $((i + 1)) -lt ${#incidents[@]} ]; then run_one "${incidents[$((i + 1))]}" & pids+=($!); fi
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  i=$((i + 2))
done
exit $rc
