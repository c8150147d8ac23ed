#!/usr/bin/env bash
# Records the holdout9-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5, unicorn 6.0
# and unicorn-worker-killer 0.4.4 (gems), sysstat 12.6 (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h9-unicorn-carrier-replay-under-statements   quaymark/      (85 s)
#     h9-unicorn-gc-off-worker3-gcwatch            brightpantry/  (80 s)
#     h9-puma-release-facet-memo-beside-sitemap    fernbook/ + fernbook-v2.19.0/ (90 s)
#     h9-unicorn-maxrequests-gazetteer-control     saltmarsh/     (85 s)
# common/rackbase.rb is copied into each app as lib/<app>/base.rb. load.rb is the traffic. H9_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h9-unicorn-carrier-replay-under-statements h9-unicorn-gc-off-worker3-gcwatch h9-puma-release-facet-memo-beside-sitemap h9-unicorn-maxrequests-gazetteer-control)
export MALLOC_ARENA_MAX=2
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
  rm -rf "/srv/$1"; mkdir -p "/srv/$1"; cp -r "$here/$1/." "/srv/$1/"; mkdir -p "/srv/$1/log" "/srv/$1/tmp/pids"
  cp "$here/common/rackbase.rb" "/srv/$1/lib/$1/base.rb"; }

# h9-unicorn-carrier-replay-under-statements: Quaymark on unicorn (3 workers): log/memory.log (CONSUME MEMORY around
# filter), log/gc.log (GC.stat Logger lines, each worker every 3 s), unicorn.stderr.log. No heap dumps, no pidstat.
record_quaymark() {
  local seconds=${H9_SECONDS:-85} base=/srv/quaymark dest="$out_root/h9-unicorn-carrier-replay-under-statements" port work
  work="$(mktemp -d)"; install_app quaymark; port="$(free_port)"
  local notes="$work/oncall-notes.md"
  echo "# on-call notes $(date -u +%F) UTC (qm-app-1)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  echo "$(hms) unicorn restarted on qm-app-1 (QM-240: workers at 1 GB by Friday evening); memory.log and gc.log on" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" quaymark "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  echo "$(hms) memory.log: statement PDFs (StatementsController) jump a worker by 40-90 MB in one request. QM-198 (stream the PDF) is the fix?" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) took memory.log, gc.log; leaving it running" >> "$notes"
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$(cat "$base/tmp/pids/unicorn.pid")"; wait "$unicorn" 2>/dev/null || true
  cp -p "$base/log/memory.log" "$base/log/gc.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h9-unicorn-gc-off-worker3-gcwatch: Brightpantry on unicorn (4 workers), lograge JSON production.log, gcwatch.jsonl
# (each worker every 2 s: {"time": unix seconds, "pid", "service", "host", "unicorn_worker", "gc": GC.stat}),
# pidstat -r every 3 s over master and workers. config/gc_tuning.yml leaves worker 3 with GC off.
record_brightpantry() {
  local seconds=${H9_SECONDS:-80} base=/srv/brightpantry dest="$out_root/h9-unicorn-gc-off-worker3-gcwatch" port work
  work="$(mktemp -d)"; install_app brightpantry; port="$(free_port)"
  local notes="$work/notes.txt"
  echo "bp-web-4 $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 4
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  local pids; pids="$m,$(pgrep -d, -P "$m")"
  TZ=UTC LC_ALL=C pidstat -r -p "$pids" 3 "$((seconds / 3 + 1))" > "$work/pidstat.txt" &
  local stat=$!
  echo "$(hms) bp-web-4 unicorn restarted by the deploy of 2026.12.1 this morning; watching RSS (BP-230)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" brightpantry "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 60 / 100" | bc)"
  echo "$(hms) order export (admin/orders/export.csv) again: ops pulled it 3 times this morning, every worker that serves it jumps" >> "$notes"
  wait "$load"; wait "$stat" || true
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/gcwatch.jsonl" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h9-puma-release-facet-memo-beside-sitemap: Fernbook on puma (2 workers x 4 threads, no preload), Rails 7.1 tagged
# production.log; at 30 % release v2.19.0 goes out (new search.rb + REVISION, `kill -USR1`: phased restart); the job
# process (bin/jobs, Sidekiq 6.5 stand-in) starts at 25 %; `date +%s` + ps every 2 s over puma and the jobs.
fern_ps() { while kill -0 "$1" 2>/dev/null; do
    local p; p="$(pgrep -d, -f 'puma.*fernbook|sidekiq.*fernbook' || true)"
    [ -n "$p" ] && { date +%s; ps -o pid,ppid,rss,vsz,args -p "$p"; }
    sleep 2; done; }
record_fernbook() {
  local seconds=${H9_SECONDS:-90} base=/srv/fernbook dest="$out_root/h9-puma-release-facet-memo-beside-sitemap" port work
  work="$(mktemp -d)"; install_app fernbook; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (fb-web-1, fb-jobs-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     puma -C "$base/config/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted in ' 2
  fern_ps "$puma" > "$work/ps.log" &
  local sampler=$!
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" fernbook "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 25 / 100" | bc)"
  (cd "$base" && HOME="$base" RUN_SECONDS="$((seconds * 70 / 100))" exec bin/jobs > log/sidekiq.log 2>&1) &
  local jobs=$!
  echo "$(hms) fb-jobs-1 sidekiq started for the sitemap backfill (FB-407)" >> "$notes"
  wait_until "$(echo "$start + $seconds * 30 / 100" | bc)"
  cp -r "$here/fernbook-v2.19.0/." "$base/"; echo "v2.19.0 3b7e0d1" > "$base/REVISION"
  echo "$(hms) deploy v2.19.0 (3b7e0d1) to fb-web-1: FB-412 faster facets, FB-398 basket copy; puma phased restart" >> "$notes"
  kill -USR1 "$(cat "$base/tmp/pids/puma.pid")"
  wait_until "$(echo "$start + $seconds * 70 / 100" | bc)"
  echo "$(hms) memory alert fb-jobs-1 (sidekiq at 300 MB+, SitemapRebuildJob every run). web workers up too?" >> "$notes"
  wait "$load"; wait "$jobs" || true; sleep 2
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$puma"; wait "$puma" || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$base/log/sidekiq.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h9-unicorn-maxrequests-gazetteer-control: Saltmarsh on unicorn (2 workers) with unicorn-worker-killer MaxRequests
# 180-240; memory CSV (ts,pid,process,rss_kb) every 2 s; HEAP_TRACE=1 and three dumps of whichever pid is worker 0 at
# 25/50/88 %; one occupancy report (admin) at 60 %; the gazetteer LRU warms up over ~1,200 districts.
salt_csv() { echo "ts,pid,process,rss_kb"; while kill -0 "$1" 2>/dev/null; do
    local ts p; ts="$(date -u +%FT%T.%3NZ)"
    for p in $(pgrep -f 'unicorn.*saltmarsh' || true); do
      local rss name; rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)" || continue
      name="$(tr '\0' ' ' < "/proc/$p/cmdline" | awk '{ print $1, $2 }')"
      [ -n "$rss" ] && echo "$ts,$p,$name,$rss"
    done; sleep 2; done; }
record_saltmarsh() {
  local seconds=${H9_SECONDS:-85} base=/srv/saltmarsh dest="$out_root/h9-unicorn-maxrequests-gazetteer-control" port work
  work="$(mktemp -d)"; install_app saltmarsh; port="$(free_port)"
  local notes="$work/notes.md"
  echo "## sm-web-2 $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" HEAP_TRACE=1 exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  salt_csv "$m" > "$work/memory.csv" &
  local sampler=$!
  echo "$(hms) unicorn restarted with HEAP_TRACE=1 after the RSS alert on sm-web-2 (SM-131)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" saltmarsh "$port" "$seconds" 0.60 /admin/reports/occupancy 2> "$work/load.stderr" &
  local load=$!
  local n=0
  for f in 25 50 70 88; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    if [ "$f" = 70 ]; then echo "$(hms) RSS alert again: a worker went from ~40 MB to 200+ MB in two seconds" >> "$notes"; continue; fi
    n=$((n + 1))
    local w0; w0="$(grep 'worker=0 ready' "$base/log/unicorn.stderr.log" | tail -1 | sed 's/.*#\([0-9]*\)\].*/\1/')"
    echo "$w0" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n of worker 0 (pid $w0)" >> "$notes"
  done
  wait "$load"; sleep 2
  echo "$(hms) dumps show the gazetteer and the usual; no idea what the spike was" >> "$notes"
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"
  for f in "$base"/log/heap-*.json; do [ -e "$f" ] || continue; gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"; done
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

{
for i in "${incidents[@]}"; do
  case "$i" in
    h9-unicorn-carrier-replay-under-statements) record_quaymark ;;
    h9-unicorn-gc-off-worker3-gcwatch) record_brightpantry ;;
    h9-puma-release-facet-memo-beside-sitemap) record_fernbook ;;
    h9-unicorn-maxrequests-gazetteer-control) record_saltmarsh ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
exit 0
}
