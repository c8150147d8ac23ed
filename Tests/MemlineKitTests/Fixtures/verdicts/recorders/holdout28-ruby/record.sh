#!/usr/bin/env bash
# Records the holdout28-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (ruby, objspace,
# fiddle), Debian's puma 5.6.5 (puma), Debian's unicorn 6.0 (unicorn), sysstat (pidstat), procps (ps), gzip,
# coreutils. The apps run from /srv/<app>, so the artifacts name /srv/<app> as written.
#   ./record.sh [INCIDENT…]   default: all four, one at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry      tollard/     (105 s, no web)
#     h28-puma-cluster-hollowmere-dairy-tank-history-flag-beside-v3-9-deploy     hollowmere/  (110 s)
#     h28-unicorn-saltcote-lido-lane-grid-killer-restarts-beside-attendance-csv  saltcote/    (110 s)
#     h28-puma-amberleigh-allotments-plot-cache-plateau-harvest-export-control   amberleigh/  (120 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry
  h28-puma-cluster-hollowmere-dairy-tank-history-flag-beside-v3-9-deploy
  h28-unicorn-saltcote-lido-lane-grid-killer-restarts-beside-attendance-csv
  h28-puma-amberleigh-allotments-plot-cache-plateau-harvest-export-control)
cd /; unset OLDPWD

s() { ruby -e 'print [(ARGV[0].to_f * ARGV[1].to_f).round, 1].max' "$1" "$scale"; }   # scaled seconds
free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { for _ in $(seq 400); do local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"; [ "${c:-0}" -ge "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 x '$2' in $1" >&2; return 1; }
wait_file() { for _ in $(seq 600); do [ -s "$1" ] && return 0; sleep 0.2; done; echo "no $1" >&2; return 1; }
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
at() { local d=$(( $1 + $(s "$2") - $(date +%s) )); [ "$d" -gt 0 ] && sleep "$d"; return 0; }   # at START OFFSET
stop_bg() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry: Tollard Harbour's job process on th-jobs-1
# (Sidekiq 6.5 text log, UTC; 5 threads), the on-call in Pacific/Auckland. TideTableRenderJob (every ~1.6 s) mallocs
# a ~400 KB raster through Fiddle (chart_raster.rb, TH-212) that nothing frees: native, invisible to heap dumps.
# VesselPositionJob (~7/s) keeps a small, growing Tollard::VesselRegistry::CACHE that the dumps do show;
# PortDuesInvoiceJob runs once at ~55 s and builds 48,000 short-lived invoice lines. Artifacts: sidekiq.log.gz,
# the on-call's `date +%s` + `ps -o rss=` loop (rss.log), two heap dumps gzipped on the box as heap-1/heap-2
# (no pid) and copied off later (copy-time mtimes), oncall-notes.txt blaming the registry cache and the dues job.
tl_rss() { while sleep 10; do echo "$(date +%s) $(ps -o rss= -p "$1" || echo gone)"; done; }
record_tollard() {
  local seconds; seconds="$(s 105)"; local base=/srv/tollard dest="$out_root/h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/tollard/." "$base/"
  local notes="$work/oncall-notes.txt" lt="env TZ=Pacific/Auckland date +%H:%M"
  echo "th-jobs-1 sidekiq memory $(TZ=Pacific/Auckland date '+%a %-d %b') (NZ time)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Pacific/Auckland HOME="$base" HEAP_TRACE=1 RUN_SECONDS="$seconds" DUES_AT="$(s 55)" ruby bin/sidekiq) >> "$base/log/sidekiq.log" 2>&1 &
  local job=$!
  wait_file "$base/tmp/pids/sidekiq.pid"
  local p start; p="$(cat "$base/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  tl_rss "$p" > "$work/rss.log" &
  local sampler=$!
  echo "$($lt) TH-301 memory alert th-jobs-1. rss loop every 10s on sidekiq pid $p -> rss.log" >> "$notes"
  at "$start" 20; touch "$base/tmp/heapdump"; wait_file "$base/tmp/heap.json"; mv "$base/tmp/heap.json" "$base/tmp/heap-1.json"; gzip -9 -n "$base/tmp/heap-1.json"
  echo "$($lt) heap dump 1 (touch tmp/heapdump), gzipped as heap-1.json.gz" >> "$notes"
  at "$start" 62
  echo "$($lt) PortDuesInvoiceJob (monthly dues) just ran, big jump. but rss still climbing after it finished" >> "$notes"
  at "$start" 95; touch "$base/tmp/heapdump"; wait_file "$base/tmp/heap.json"; mv "$base/tmp/heap.json" "$base/tmp/heap-2.json"; gzip -9 -n "$base/tmp/heap-2.json"
  echo "$($lt) heap dump 2. diff: more Hash/Array from Tollard::VesselRegistry (jobs.rb) in dump 2 than dump 1, the vessel registry keeps every ship it has ever seen. that + the dues job. TH-302 cap the registry" >> "$notes"
  wait "$job" || true
  stop_bg "$sampler"
  cp -p "$base/log/sidekiq.log" "$work/"
  local copy; copy="$(date -u -d '+1 day' '+%F') 21:1"
  cp "$base/tmp/heap-1.json.gz" "$base/tmp/heap-2.json.gz" "$work/"; touch -d "${copy}4 UTC" "$work/heap-1.json.gz"; touch -d "${copy}5 UTC" "$work/heap-2.json.gz"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *.gz) cp -p "$f" "$dest/" ;; *) ship "$f" "$dest" ;; esac; done
  echo "tollard: pid=$p" >&2; grep -o 'class=[A-Za-z:]*' "$base/log/sidekiq.log" | sort | uniq -c >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

# h28-puma-cluster-hollowmere-dairy-tank-history-flag-beside-v3-9-deploy: Hollowmere Dairy Co-operative on hm-web-2,
# puma cluster (2 workers x 3 threads, no preload), Capistrano layout, America/Halifax (AST, -0400). v3.9.0 is
# deployed at ~12 s with a phased restart (new worker pids); at ~40 s ops enable the tank_reading_history flag
# (HM-301), and from then POST /api/tank-readings keeps ~60 KB of probe frames per reading in
# Hollowmere::TankHistory::READINGS in both workers. GET /reports/butterfat.csv (every ~28 s) is the
# garbage-heavy trap. Artifacts: rails_semantic_logger JSON production.log, gc.jsonl (GC.stat envelopes per worker),
# puma.stdout.log, revisions.log, flipper_audit.log, the on-call's `date; ps aux | grep [p]uma` loop, notes.
hm_ps() { while sleep 10; do date; ps aux | grep '[p]uma'; done; }
record_hollowmere() {
  local seconds; seconds="$(s 110)"; local base=/srv/hollowmere dest="$out_root/h28-puma-cluster-hollowmere-dairy-tank-history-flag-beside-v3-9-deploy" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  local r1 r2; r1="$(date -u -d '-2 days' +%Y%m%d)091544"; r2="$(date -u +%Y%m%d%H%M%S)"
  mkdir -p "$base/releases/$r1" "$base/shared/log" "$base/shared/config" "$base/shared/tmp/pids"; cp -r "$here/hollowmere/." "$base/releases/$r1/"
  ln -sfn "$base/releases/$r1" "$base/current"
  printf 'tank_reading_history: false\ncollection_route_v2: true\n' > "$base/shared/config/flags.yml"
  echo "Branch main (at 5b7e2c1) deployed as release $r1 by deploy" > "$base/revisions.log"
  local notes="$work/notes.txt" lt="env TZ=America/Halifax date +%H:%M"
  echo "hm-web-2 memory - $(TZ=America/Halifax date +%F) (Atlantic)" > "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/Halifax HOME="$base" PORT="$port" puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/shared/log/puma.stdout.log" ' booted' 2; wait_port "$port"
  local m start; m="$(cat "$base/shared/tmp/pids/puma.pid")"; start="$(date +%s)"
  TZ=America/Halifax hm_ps > "$work/ps.log" &
  local sampler=$!
  ruby "$here/load.rb" hollowmere "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 12
  r2="$(date -u +%Y%m%d%H%M%S)"; mkdir -p "$base/releases/$r2"; cp -r "$here/hollowmere/." "$base/releases/$r2/"
  ln -sfn "$base/releases/$r2" "$base/current"; echo "Branch main (at c03f9aa) deployed as release $r2 by deploy" >> "$base/revisions.log"
  kill -USR1 "$m"
  echo "$($lt) v3.9.0 deployed (cap production deploy, phased restart)" >> "$notes"
  at "$start" 40
  (cd "$base/current" && TZ=America/Halifax ruby bin/flipper enable tank_reading_history maeve.odonnell@hollowmere.coop)
  at "$start" 70
  echo "$($lt) HM-510 memory alert hm-web-2, both puma workers climbing. ps every 10s running since the deploy" >> "$notes"
  at "$start" 104
  echo "$($lt) both workers up since v3.9.0 went out. butterfat.csv spikes whichever worker takes it (300k+ allocations). asking to roll back v3.9.0 (HM-511)" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -TERM "$m"; wait "$puma" || true
  cp -p "$base/shared/log/production.log" "$base/shared/log/gc.jsonl" "$base/shared/log/puma.stdout.log" "$base/shared/log/flipper_audit.log" "$base/revisions.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "hollowmere: master=$m" >&2; cat "$base/shared/log/puma.stdout.log" >&2; tail -n 3 "$work/load.stderr" "$base/shared/log/puma.stderr.log" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

# h28-unicorn-saltcote-lido-lane-grid-killer-restarts-beside-attendance-csv: Saltcote Lido on sl-app-1, unicorn 6.0
# (2 workers, no preload) with unicorn-worker-killer 0.4.5 (Oom, verbose), America/Toronto (EST, -0500).
# GET /sessions/:id/lanes memoises a ~130 KB lane grid per request under a key with the request's timestamp
# (lane_grid.rb, SL-152), so every worker climbs until the killer QUITs it and the master spawns a new pid that
# climbs again. GET /reports/attendance.csv (every ~34 s) is the garbage-heavy trap; MemberDirectory is a bounded
# LRU (400). Artifacts: Rails production.log (pid in every line), unicorn.stderr.log (killer lines, reaps,
# respawns), the on-call's `pidstat -r -C unicorn 10`, notes blaming the report.
record_saltcote() {
  local seconds; seconds="$(s 110)"; local base=/srv/saltcote dest="$out_root/h28-unicorn-saltcote-lido-lane-grid-killer-restarts-beside-attendance-csv" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/saltcote/." "$base/"; port="$(free_port)"
  local notes="$work/notes.txt" lt="env TZ=America/Toronto date +%H:%M"
  echo "sl-app-1 memory $(TZ=America/Toronto date +%F) (Eastern)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/Toronto HOME="$base" PORT="$port" WK_MIN_MB=31 WK_MAX_MB=34 unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local m start; m="$(cat "$base/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  (TZ=America/Toronto exec pidstat -r -C unicorn 10 > "$work/pidstat.log") &
  local sampler=$!
  echo "$($lt) SL-388 memory alert sl-app-1. pidstat -r on unicorn every 10s" >> "$notes"
  ruby "$here/load.rb" saltcote "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 75
  echo "$($lt) worker killer QUIT a worker (exceeds memory limit). attendance.csv had just run - 100k+ allocations a run in production.log" >> "$notes"
  at "$start" 106
  echo "$($lt) more worker kills. it's the attendance report. SL-389 move attendance.csv to a nightly job; raising the killer limit for now" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -QUIT "$m"; wait "$uni" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$m" 2>/dev/null || break; sleep 0.2; done
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "saltcote: master=$m" >&2; grep -h 'worker=\|exceeds\|SIGQUIT\|reaped' "$base/log/unicorn.stderr.log" >&2; tail -n 3 "$work/load.stderr" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

# h28-puma-amberleigh-allotments-plot-cache-plateau-harvest-export-control: Amberleigh Allotments Society on
# al-web-1, puma single mode (4 threads, MALLOC_ARENA_MAX=2), Australia/Adelaide (ACDT, +1030). Nothing leaks: PlotPageCache is an LRU
# capped at 160 pages (fills, then holds), GET /exports/harvest.csv (~45 s and ~85 s) builds 36,000 rows of
# short-lived garbage (a jump that GC takes back into the heap). Artifacts: lograge JSON production.log, gc.log
# (logfmt GC.stat every 10 s), the on-call's /proc/PID/status loop copied through a Windows laptop (CRLF, last
# line cut), puma.stdout.log, oncall-notes.txt blaming the export.
al_status() { while sleep 5; do echo "== $(date '+%d/%m/%Y %H:%M:%S %Z')"; grep -E '^(Pid|VmHWM|VmRSS|RssAnon|Threads)' "/proc/$1/status" || break; done; }
record_amberleigh() {
  local seconds; seconds="$(s 120)"; local base=/srv/amberleigh dest="$out_root/h28-puma-amberleigh-allotments-plot-cache-plateau-harvest-export-control" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/amberleigh/." "$base/"; port="$(free_port)"
  local notes="$work/oncall-notes.txt" lt="env TZ=Australia/Adelaide date +%H:%M"
  echo "al-web-1, $(TZ=Australia/Adelaide date '+%d/%m/%Y') (Adelaide time)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Australia/Adelaide HOME="$base" PORT="$port" MALLOC_ARENA_MAX=2 puma -C config/puma.rb) &
  local puma=$!
  wait_file "$base/tmp/pids/puma.pid"; wait_port "$port"
  local p start; p="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  ruby "$here/load.rb" amberleigh "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 25   # the alert comes in after the morning traffic has started
  TZ=Australia/Adelaide al_status "$p" > "$work/status.log" &
  local sampler=$!
  echo "$($lt) AL-77 RSS alert al-web-1 puma pid $p, watching /proc status" >> "$notes"
  at "$start" 60
  echo "$($lt) harvest.csv export ran, RSS jumped ~+10MB and didn't give it back, still creeping up" >> "$notes"
  at "$start" 112
  echo "$($lt) export again (secretary runs it for the newsletter). memory grows every time someone exports - AL-78 make it a background job" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -TERM "$p"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/gc.log" "$base/log/puma.stdout.log" "$work/"
  # the status loop went through the on-call's Windows laptop: CRLF, and the copy stopped mid-line
  sed -i 's/$/\r/' "$work/status.log"; local n; n="$(stat -c %s "$work/status.log")"; truncate -s $(( n - 9 )) "$work/status.log"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "amberleigh: pid=$p" >&2; tail -n 3 "$work/load.stderr" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

run_one() {
  case "$1" in
    h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry) record_tollard ;;
    h28-puma-cluster-hollowmere-dairy-tank-history-flag-beside-v3-9-deploy) record_hollowmere ;;
    h28-unicorn-saltcote-lido-lane-grid-killer-restarts-beside-attendance-csv) record_saltcote ;;
    h28-puma-amberleigh-allotments-plot-cache-plateau-harvest-export-control) record_amberleigh ;;
    *) echo "unknown incident $1" >&2; return 2 ;;
  esac
}
rc=0
for inc in "${incidents[@]}"; do run_one "$inc" || rc=1; done
exit $rc
