#!/usr/bin/env bash
# Records the holdout13-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 + unicorn-worker-killer 0.4.4 (gems), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h13-puma-carrier-scan-audit-beside-manifest-pdfs          wrenfield/   (100 s)
#     h13-sidekiq-gc-off-process-beside-payslip-renders         tallowby/    (90 s)
#     h13-unicorn-usr2-deploy-plant-search-memo-after-hup       brackenholt/ (110 s)
#     h13-unicorn-oom-killer-fragmentation-import-control       marshgate/   (110 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. load.rb is the traffic. H13_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h13-puma-carrier-scan-audit-beside-manifest-pdfs h13-sidekiq-gc-off-process-beside-payslip-renders
  h13-unicorn-usr2-deploy-plant-search-memo-after-hup h13-unicorn-oom-killer-fragmentation-import-control)
cd /; unset OLDPWD

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local t="$1" now; now="$(date +%s.%N)"; sleep "$(echo "$t - $now" | bc | sed 's/^-.*/0/')"; }
hms() { date -u +%H:%M:%S; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { for _ in $(seq 300); do local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"; [ "${c:-0}" -ge "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 x '$2' in $1" >&2; return 1; }
install_app() { # install_app NAME [DIR]: DIR (default /srv/NAME) from the recorder, base.rb included
  local d="${2:-/srv/$1}"
  rm -rf "$d"; mkdir -p "$d"; cp -r "$here/$1/." "$d/"; mkdir -p "$d/log" "$d/tmp/pids" "$d/lib/$1"
  cp "$here/common/rackbase.rb" "$d/lib/$1/base.rb"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# h13-puma-carrier-scan-audit-beside-manifest-pdfs: Wrenfield on puma (2 workers x 3 threads, preload_app!, allocation
# tracing on in every worker, MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=131072 as in its unit), Rails tagged production.log, the on-call's CSV sampler (rss_mb every 2 s over master and
# workers); two dumps of worker 0 at 30/80 %, copied off the box at the end with plain cp (mtimes = copy time) and
# renamed heap1/heap2.json (no pid).
wf_csv() { echo "ts,host,process,pid,rss_mb"
  while kill -0 "$1" 2>/dev/null; do
    ps -o pid=,rss=,args= -p "$1" --ppid "$1" | while read -r pid rss args; do
      case "$args" in *worker*) proc="$(echo "$args" | sed 's/^puma: \(cluster worker [0-9]*\).*/\1/')" ;; *) proc="puma master" ;; esac
      printf '%s,wf-web-2,%s,%s,%s\n' "$(date -u +%FT%T.%3NZ)" "$proc" "$pid" "$(echo "scale=1; $rss / 1024" | bc)"; done
    sleep 2; done; }
record_wrenfield() {
  local seconds=${H13_SECONDS:-100} base=/srv/wrenfield dest="$out_root/h13-puma-carrier-scan-audit-beside-manifest-pdfs" port work
  work="$(mktemp -d)"; install_app wrenfield; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (wf-web-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 2
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  wf_csv "$m" > "$work/memory.csv" &
  local sampler=$!
  local w0; w0="$(ps -o pid=,args= --ppid "$m" | awk '/cluster worker 0:/ { print $1 }')"
  echo "$(hms) wf-web-2 restarted (WF-318: puma workers at 2.8 GB by the evening). tracing allocations, sampler on" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" wrenfield "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  for f in 30 80; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    echo "$w0" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump of worker 0 requested" >> "$notes"
    if [ "$f" = 30 ]; then sleep 20; echo "$(hms) workers jump 40-60 MB at a time on the manifest PDFs (ManifestsController#show). WF-140 again?" >> "$notes"; fi
  done
  wait "$load"; sleep 2
  echo "$(hms) took production.log, memory.csv, puma stdout and the two dumps (scp to my laptop, renamed by order)" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$m"; wait "$puma" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"
  local n=0; for f in $(ls -tr "$base"/log/heap-*.json); do n=$((n + 1)); cp "$f" "$work/heap$n.json"; done
  for f in "$work"/*; do case "$f" in *load.stderr) ;;
    */heap[0-9].json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "wrenfield: master=$m worker0=$w0" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h13-sidekiq-gc-off-process-beside-payslip-renders: Tallowby's three Sidekiq 5 processes (sidekiq@0..2, no parent in
# common), Sidekiq 5 text logs, GC.stat envelopes {"ts","pid","stats"} every 3 s, the on-call's `date +%s; ps` loop
# every 3 s; sidekiq@2 carries TALLOWBY_GC=off. The payroll run (PayslipRenderJob) starts at 20 % on all three.
tb_ps() { while kill -0 "${1%%,*}" 2>/dev/null; do date +%s; ps -o pid,rss,vsz,args -p "$1"; sleep 3; done; }
record_tallowby() {
  local seconds=${H13_SECONDS:-90} base=/srv/tallowby dest="$out_root/h13-sidekiq-gc-off-process-beside-payslip-renders" work
  work="$(mktemp -d)"; install_app tallowby
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (tb-jobs-1)" > "$notes"
  local pids=() i
  for i in 0 1 2; do
    local gc=""; [ "$i" = 2 ] && gc="TALLOWBY_GC=off"
    (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" RUN_SECONDS="$seconds" \
       PAYROLL_AT="$(echo "$seconds * 20 / 100" | bc)" $gc ruby bin/sidekiq -e production -C config/sidekiq.yml -i "$i" > /dev/null 2>&1) &
    pids+=($!)
  done
  local list; list="$(IFS=,; echo "${pids[*]}")"
  TZ=UTC tb_ps "$list" > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) sidekiq@0..2 restarted on tb-jobs-1 (TB-409: the job box swapped overnight, one sidekiq at 6 GB). ps loop on" >> "$notes"
  local start; start="$(date +%s.%N)"
  wait_until "$(echo "$start + $seconds * 21 / 100" | bc)"
  echo "$(hms) payroll run for the December cycle started: PayslipRenderJob on all three processes" >> "$notes"
  wait_until "$(echo "$start + $seconds * 60 / 100" | bc)"
  echo "$(hms) memory climbing since the payroll run began. PayslipRenderJob renders the whole payslip in memory (TB-388)?" >> "$notes"
  for p in "${pids[@]}"; do wait "$p" || true; done
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq logs, gc_stats.jsonl, ps.log" >> "$notes"
  cp -p "$base"/log/sidekiq-*.log "$base/log/gc_stats.jsonl" "$work/"
  clean "$dest"; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "tallowby: ${pids[*]}" >&2
  rm -rf "$work" "$base"
}

# h13-unicorn-usr2-deploy-plant-search-memo-after-hup: Brackenholt laid out as Capistrano does (releases/, shared/,
# current -> release), unicorn 6.0 with 2 workers and preload_app, Rails default production.log, the on-call's logfmt
# sampler (rss_kb every 2 s over the master, its workers and an old master while one lingers). At 22 % a config change
# (timeout 30 -> 60) applied with HUP (new worker pids, same master); at 42 % release 2 is deployed with USR2 (new
# master and workers, the old master QUIT by before_fork). Only release 2's PlantSearch memoises.
bh_release() { # bh_release NAME REVISION PLANT_SEARCH
  local r="/srv/brackenholt/releases/$1"
  mkdir -p "$r"; cp -r "$here/brackenholt/config" "$here/brackenholt/config.ru" "$here/brackenholt/lib" "$r/"
  rm -f "$r"/lib/brackenholt/plant_search.r*.rb; cp "$here/brackenholt/lib/brackenholt/plant_search.$3.rb" "$r/lib/brackenholt/plant_search.rb"
  cp "$here/common/rackbase.rb" "$r/lib/brackenholt/base.rb"; echo "$2" > "$r/REVISION"; touch "$r/Gemfile"
  ln -s /srv/brackenholt/shared/log "$r/log"; ln -s /srv/brackenholt/shared/tmp "$r/tmp"; }
bh_sample() { local pf=/srv/brackenholt/shared/tmp/pids/unicorn.pid
  while [ -e "$pf" ] || [ -e "$pf.oldbin" ]; do
    local ts m; ts="$(date -u +%FT%T.%3NZ)"
    for m in $(cat "$pf.oldbin" "$pf" 2>/dev/null | sort -u); do
      ps -o pid=,ppid=,rss=,args= -p "$m" --ppid "$m" 2>/dev/null | while read -r pid ppid rss args; do
        case "$args" in "unicorn master (old)"*) p=unicorn-master-old ;; "unicorn master"*) p=unicorn-master ;;
          "unicorn worker["*) p="unicorn-worker-$(echo "$args" | sed 's/^unicorn worker\[\([0-9]*\)\].*/\1/')" ;; *) p=unicorn ;; esac
        echo "$ts host=bh-web-2 process=$p pid=$pid ppid=$ppid rss_kb=$rss"; done; done
    sleep 2; done; }
record_brackenholt() {
  local seconds=${H13_SECONDS:-110} base=/srv/brackenholt dest="$out_root/h13-unicorn-usr2-deploy-plant-search-memo-after-hup" port work
  work="$(mktemp -d)"; port="$(free_port)"
  rm -rf "$base"; mkdir -p "$base/shared/log" "$base/shared/tmp/pids" "$base/releases"
  local r1 r2; r1="$(date -u -d '-3 hours' +%Y%m%d%H%M%S)"
  bh_release "$r1" 9d04b7e r1; ln -sfn "$base/releases/$r1" "$base/current"
  echo "Branch main (at 9d04b7e) deployed as release $r1 by ana" > "$base/revisions.log"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (bh-web-2)" > "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PWD="$base/current" PORT="$port" \
     unicorn -c "$base/current/config/unicorn.rb" -E production "$base/current/config.ru") &
  wait_count "$base/shared/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local m1; m1="$(cat "$base/shared/tmp/pids/unicorn.pid")"
  bh_sample > "$work/rss.log" &
  local sampler=$!
  echo "$(hms) bh-web-2 memory alerts since this morning's release (BH-240). sampler on, watching" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" brackenholt "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 22 / 100" | bc)"
  sed -i 's/^timeout 30$/timeout 60/' "$base/releases/$r1/config/unicorn.rb"
  kill -HUP "$m1"
  echo "$(hms) config change: unicorn timeout 30 -> 60 (BH-71, slow bed planner exports), reloaded with HUP, workers restarted" >> "$notes"
  wait_until "$(echo "$start + $seconds * 42 / 100" | bc)"
  r2="$(date -u +%Y%m%d%H%M%S)"; bh_release "$r2" 4c81e0a r2
  sed -i 's/^timeout 30$/timeout 60/' "$base/releases/$r2/config/unicorn.rb"
  ln -sfn "$base/releases/$r2" "$base/current"
  kill -USR2 "$m1"
  echo "Branch main (at 4c81e0a) deployed as release $r2 by joel" >> "$base/revisions.log"
  echo "$(hms) deploy release $r2 (4c81e0a) by joel: BH-233 plant search speedup, BH-229 bed planner copy. unicorn USR2" >> "$notes"
  wait_until "$(echo "$start + $seconds * 80 / 100" | bc)"
  echo "$(hms) still climbing. the HUP earlier (BH-71) left workers in a bad state? or the timeout change" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) took production.log, unicorn.stderr.log, rss.log, revisions.log" >> "$notes"
  cp -p "$base/shared/tmp/pids/unicorn.pid" "$base/revisions.log" "$work/"
  local m2; m2="$(cat "$base/shared/tmp/pids/unicorn.pid")"
  kill -QUIT "$m2"; for _ in $(seq 50); do kill -0 "$m2" 2>/dev/null || break; sleep 0.2; done
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/shared/log/production.log" "$base/shared/log/unicorn.stderr.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "brackenholt: m1=$m1 m2=$m2 r1=$r1 r2=$r2" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h13-unicorn-oom-killer-fragmentation-import-control: Marshgate on unicorn 6.0 (3 workers, preload_app), workers
# recycled by unicorn-worker-killer's Oom check (32-38 MB, every 12 requests) while their RSS plateaus from a churning
# fragment cache, Rails default production.log, CONSUME MEMORY lines (log/memory.log), GC.stat inspect lines through a
# Logger (log/gc.log), the on-call's `date -Is; ps` loop every 2 s (master, workers, and the import while it runs). The
# winter timetable import (bin/import, a separate one-off process) runs at 50 %. Healthy.
mg_ps() { while kill -0 "$1" 2>/dev/null; do
    local imp; imp="$(cat /srv/marshgate/tmp/pids/import.pid 2>/dev/null || true)"
    date -Is; ps -o pid,ppid,rss,vsz,args -p "$1${imp:+,$imp}" --ppid "$1"; sleep 2; done; }
record_marshgate() {
  local seconds=${H13_SECONDS:-110} base=/srv/marshgate dest="$out_root/h13-unicorn-oom-killer-fragmentation-import-control" port work
  work="$(mktemp -d)"; install_app marshgate; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (mg-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  TZ=UTC mg_ps "$m" > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) mg-web-1 restarted for the winter timetable day (MG-71). ps loop on, memory.log and gc.log kept" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" marshgate "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  echo "$(hms) running the winter timetable import by hand (bin/rails runner TimetableImportJob, MG-70)" >> "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" ruby bin/import winter-2027.xml) &
  local imp=$!; echo "$imp" > "$base/tmp/pids/import.pid"
  wait "$imp" || true; rm -f "$base/tmp/pids/import.pid"
  echo "$(hms) the import went past 200 MB on its own! and the workers keep getting recycled by the worker killer; leak?" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) took production.log, memory.log, gc.log, unicorn.stderr.log, ps.log" >> "$notes"
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/gc.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "marshgate: master=$m import=$imp" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

#MAIN
{
for i in "${incidents[@]}"; do
  case "$i" in
    h13-puma-carrier-scan-audit-beside-manifest-pdfs) record_wrenfield ;;
    h13-sidekiq-gc-off-process-beside-payslip-renders) record_tallowby ;;
    h13-unicorn-usr2-deploy-plant-search-memo-after-hup) record_brackenholt ;;
    h13-unicorn-oom-killer-fragmentation-import-control) record_marshgate ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
exit 0
}
