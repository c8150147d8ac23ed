#!/usr/bin/env bash
# Records the holdout6-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5
# (puma package), unicorn 6.0, sysstat 12.6, procps, bc. Runs as root: the apps run from /srv/<app> (their deploy
# path, so the paths in heap dumps and server logs are the deploy paths).
#   ./record.sh [INCIDENT…]   default: all three
#     h6-puma-phased-tax-memo     tallybook/   (140 s)
#     h6-jobs-capped-and-not      harborline/  (120 s)
#     h6-unicorn-warmup-control   lanternpay/  (120 s)
# H6_SECONDS=N shortens a run for a try-out. Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and
# README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h6-puma-phased-tax-memo h6-jobs-capped-and-not h6-unicorn-warmup-control)
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

# h6-puma-phased-tax-memo: Tallybook on puma (3 workers x 3 threads, no preload, Capistrano layout under
# /srv/tallybook, stdout_redirect), lograge Logstash JSON in production.log; the on-call's sampling loop writes
# logfmt RSS lines every 2 s from 14 % of the run (when the on-call takes the pager); release 4.8.0 goes out with a
# phased restart (SIGUSR1) at 46 % of the run.
tally_sampler() { # the loop the on-call left running in tmux: VmRSS of every tallybook puma every 2 s
  while :; do
    for p in $(pgrep -f '^puma.*\[tallybook\]'); do
      local rss title proc
      rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)" || continue
      [ -n "$rss" ] || continue
      title="$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null)" || continue
      case "$title" in
        *"cluster worker "*) proc="puma-worker-$(echo "$title" | sed -n 's/.*cluster worker \([0-9]*\):.*/\1/p')" ;;
        *) proc="puma-master" ;;
      esac
      echo "$(date -u +%FT%T.%3NZ) host=tb-web-2 process=$proc pid=$p rss_kb=$rss"
    done
    sleep 2
  done
}

record_tallybook() {
  local seconds=${H6_SECONDS:-140} base=/srv/tallybook dest="$out_root/h6-puma-phased-tax-memo" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids"
  local r1="$base/releases/20261204091512" r2="$base/releases/20261206$(date -u +%H%M%S)"
  mkdir -p "$r1" "$r2"
  cp -r "$here/tallybook/release/." "$r1/"
  cp -r "$here/tallybook/release/." "$r2/"; cp -r "$here/tallybook/release-4.8.0/." "$r2/"
  cp "$here/tallybook/shared/puma.rb" "$base/shared/"
  ln -sfn "$r1" "$base/current"
  port="$(free_port)"
  local notes="$work/oncall-notes.md"
  echo "# on-call notes $(date -u +%F) UTC (tb-web-2)" > "$notes"
  (cd "$base/current" && PORT="$port" TALLYBOOK_SHARED="$base/shared" exec puma -C "$base/shared/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/shared/log/puma.log" ' booted in ' 3
  sleep 1
  local start; start="$(date +%s)"
  local deploy_at=$((start + seconds * 46 / 100))
  ruby "$here/load.rb" tallybook "$port" "$seconds" "$deploy_at" 2> "$work/load.stderr" &
  local load=$!
  # the service has been up for a while when the on-call takes the pager and starts the sampling loop
  wait_until "$((start + seconds * 14 / 100))"
  echo "$(hms) took the pager; tb-web-2 on 4.7.2 since Friday, nothing open" >> "$notes"
  tally_sampler > "$work/rss-sampler.log" &
  local sampler=$!
  wait_until "$((start + seconds * 25 / 100))"
  echo "$(hms) config change on tb-web-2: pdf_renderer.pool_size 2 -> 4 in tallybook.yml (read per request, no restart)" >> "$notes"
  wait_until "$deploy_at"
  echo "$(hms) deploy 4.8.0 (c09f5a3) to tb-web-2 started: VAT summary widget (TAX-88), invoice list paging fix" >> "$notes"
  ln -sfn "$r2" "$base/current.tmp" && mv -T "$base/current.tmp" "$base/current"
  kill -USR1 "$puma" # phased restart
  wait_count "$base/shared/log/puma.log" ' booted in ' 6
  sleep 2
  echo "$(hms) 4.8.0 live on tb-web-2 (phased restart done, 3 new workers)" >> "$notes"
  wait_until "$((start + seconds * 82 / 100))"
  echo "$(hms) memory alert tb-web-2: puma workers climbing. Month-end bank statement imports are running (~11 MB XML each); probably those" >> "$notes"
  wait "$load"
  sleep 2
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  echo "$(hms) restarted puma on tb-web-2 to get memory back; grabbed production.log, puma.log and my sampler log" >> "$notes"
  cp -p "$base/shared/tmp/pids/puma.pid" "$work/"
  kill -TERM "$puma"; wait "$puma" || true
  cp -p "$base/shared/log/production.log" "$base/shared/log/puma.log" "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h6-jobs-capped-and-not: Harborline's job process alone (bin/sidekiq, a Sidekiq 7.2 stand-in, 5 threads, pretty
# log on stdout), GC.stat through a Logger with progname gc_stats every second, pidstat -h -r -d every second;
# HEAP_TRACE=1 and kill -USR1 at 30/60/90 % for three full dump_all dumps (sidekiq-<pid>-heap-<n>.json).
record_harborline() {
  local seconds=${H6_SECONDS:-120} base=/srv/harborline dest="$out_root/h6-jobs-capped-and-not" work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/harborline/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local notes="$work/oncall-notes.txt"
  echo "jobs-2 on-call, $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && RUN_SECONDS="$seconds" HEAP_TRACE=1 exec bin/sidekiq -e production -C config/sidekiq.yml > log/sidekiq.log 2>&1) &
  local jobs=$!
  local start; start="$(date +%s.%N)"
  echo "$(hm) restarted sidekiq on jobs-2 with HEAP_TRACE=1 (OPS-2207: jobs-2 creeps up since 2.3 went out on Monday)" >> "$notes"
  sleep 0.3
  TZ=UTC LC_ALL=C pidstat -h -r -d -p "$jobs" 1 "$((seconds + 1))" > "$work/pidstat.txt" &
  local stat=$!
  local n=0
  for f in 30 60 90; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1))
    kill -USR1 "$jobs"
    echo "$(hm) kill -USR1 $jobs: heap dump $n" >> "$notes"
    if [ "$n" = 1 ]; then
      echo "$(hm) 2.3 added the tariff LRU (HB-512): 220 compiled measure sets of ~60 KB, it must be filling. Customs::TariffLookupJob runs 3x a second" >> "$notes"
    fi
  done
  wait "$jobs" || true
  wait "$stat" || true
  echo "$(hm) still creeping after the LRU should be full? asked the customs team to look at the dumps" >> "$notes"
  cp "$base/log/sidekiq.log" "$base/log/gc_stats.log" "$base/tmp/pids/sidekiq.pid" "$work/"
  for f in "$base"/log/sidekiq-*-heap-*.json; do
    gzip -9 -n -c "$f" > "$work/$(basename "$f").gz"; touch -r "$f" "$work/$(basename "$f").gz"
  done
  clean "$dest"
  for f in "$work"/*; do case "$f" in *.gz) cp -p "$f" "$dest/" ;; *) ship "$f" "$dest" ;; esac; done
  rm -rf "$work" "$base"
}

# h6-unicorn-warmup-control: Lanternpay on real unicorn (3 workers, preload_app, USR2 deploys; Rails 7.1 untagged
# production.log) plus a Sidekiq 7.2 stand-in with the JSON formatter (PayrollRunJob every 30 s); the on-call's loop
# writes `date -Is` + `ps -ww -o pid,ppid,rss,vsz,etime,args` snapshots every 3 s; release 9.2.0 goes out at 45 %
# with USR2 (web only: sidekiq keeps running).
lantern_ps() {
  while :; do
    local pids; pids="$(pgrep -d, -f '^(unicorn|sidekiq).*lanternpay' || true)"
    if [ -n "$pids" ]; then date -Is; ps -ww -o pid,ppid,rss,vsz,etime,args -p "$pids"; fi
    sleep 3
  done
}

lantern_release() { # lantern_release NAME VERSION REVISION
  local dir="/srv/lanternpay/releases/$1"
  mkdir -p "$dir"; cp -r "$here/lanternpay/." "$dir/"
  echo "$2" > "$dir/VERSION"; echo "$3" > "$dir/REVISION"
  ln -sfn "$dir" /srv/lanternpay/current.tmp && mv -T /srv/lanternpay/current.tmp /srv/lanternpay/current
}

record_lanternpay() {
  local seconds=${H6_SECONDS:-120} base=/srv/lanternpay dest="$out_root/h6-unicorn-warmup-control" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids"
  lantern_release "20261203142210" 9.1.4 7d1e0aa
  port="$(free_port)"
  local notes="$work/notes.txt"
  echo "$(date -u +%F) (UTC) lp-web-1 / lp-jobs-1 on-call" > "$notes"
  (cd "$base/current" && PORT="$port" exec unicorn -c "$base/current/config/unicorn.rb" -E production "$base/current/config.ru") &
  local unicorn=$!
  (cd "$base/current" && RUN_SECONDS="$((seconds + 8))" PAYROLL_FIRST=14 exec bin/sidekiq -e production > "$base/shared/log/sidekiq.log" 2>&1) &
  local jobs=$!
  wait_count "$base/shared/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  lantern_ps > "$work/ps.log" &
  local sampler=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" lanternpay "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  echo "~$(hm) on call. lp-web-1 on 9.1.4, payroll runs for the November close queued on lp-jobs-1" >> "$notes"
  wait_until "$((start + seconds * 45 / 100))"
  echo "~$(hm) deploy 9.2.0 (5be21d7) to lp-web-1: payslip layout for NL/PL, headcount report filters. unicorn USR2; sidekiq not restarted (payroll runs in flight)" >> "$notes"
  lantern_release "20261206$(date -u +%H%M%S)" 9.2.0 5be21d7
  kill -USR2 "$(cat "$base/shared/tmp/pids/unicorn.pid")"
  wait_count "$base/shared/log/unicorn.stderr.log" 'release=9.2.0' 3
  wait_count "$base/shared/log/unicorn.stderr.log" 'master complete' 1
  echo "~$(hm) 9.2.0 live on lp-web-1 (new unicorn master, old one gone)" >> "$notes"
  wait_until "$((start + seconds * 70 / 100))"
  echo "~$(hm) memory alert lp-jobs-1: sidekiq RSS ~5x what it was at start and not coming down; lp-web-1 workers also grew after 9.2.0" >> "$notes"
  wait_until "$((start + seconds * 90 / 100))"
  echo "~$(hm) sidekiq jumped when PayrollRunJob ran and stays up even with the GC.start at the end: leak in the payroll run? and 9.2.0 on web. Opened PAY-1207" >> "$notes"
  wait "$load"
  sleep 2
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  cp -p "$base/shared/tmp/pids/unicorn.pid" "$base/shared/tmp/pids/sidekiq.pid" "$work/"
  local m; m="$(cat "$base/shared/tmp/pids/unicorn.pid")"
  kill -QUIT "$m"; while kill -0 "$m" 2>/dev/null; do sleep 0.2; done
  wait "$unicorn" 2>/dev/null || true
  wait "$jobs" || true
  cp -p "$base/shared/log/production.log" "$base/shared/log/unicorn.stderr.log" "$base/shared/log/sidekiq.log" "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h6-puma-phased-tax-memo) record_tallybook ;;
    h6-jobs-capped-and-not) record_harborline ;;
    h6-unicorn-warmup-control) record_lanternpay ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
