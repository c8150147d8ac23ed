#!/usr/bin/env bash
# Records the holdout26-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (ruby, with fiddle
# and objspace), ruby-rack 2.2, Debian's puma 5.6.5 (puma), Debian's unicorn 6.x (unicorn), sysstat (pidstat),
# procps, gzip, coreutils. The apps run from /srv/<app>, so the artifacts name /srv/<app> as the runtime wrote it.
#   ./record.sh [INCIDENT…]   default: all four, one at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h26-puma-cluster-culverdale-gc-off-worker-beside-collections-report        culverdale/ (100 s)
#     h26-unicorn-wrenfold-clinic-native-letter-canvas-beside-clinician-memo-lost-dumps  wrenfold/ (105 s)
#     h26-sidekiq-thornbury-passport-certs-killer-restart-beside-catalogue-export thornbury/  (110 s, no web)
#     h26-puma-quenby-library-platform-metrics-release-note-control              quenby/     (118 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h26-puma-cluster-culverdale-gc-off-worker-beside-collections-report
  h26-unicorn-wrenfold-clinic-native-letter-canvas-beside-clinician-memo-lost-dumps
  h26-sidekiq-thornbury-passport-certs-killer-restart-beside-catalogue-export
  h26-puma-quenby-library-platform-metrics-release-note-control)
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

# h26-puma-cluster-culverdale-gc-off-worker-beside-collections-report: Culverdale Dairy Co-op on puma (3 workers x 2
# threads, no preload) in America/Halifax local time. GC_PROFILE_WORKER=1 is left in the unit's environment from a
# staging experiment (CD-51), so worker 1 runs with GC.disable (it says so once in puma.stdout.log) and keeps every
# allocation; GET /reports/collections.csv (every ~15 s) builds ~54,000 rows of short-lived garbage in whichever
# worker takes it. Artifacts: lograge JSON production.log, gc_stat.log (GC.stat envelopes per worker every 5 s),
# `pidstat -r -l -C '^puma' 5`, puma.stdout.log, notes.md blaming the report.
record_culverdale() {
  local seconds; seconds="$(s 100)"; local base=/srv/culverdale dest="$out_root/h26-puma-cluster-culverdale-gc-off-worker-beside-collections-report" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/culverdale/." "$base/"; port="$(free_port)"
  local notes="$work/notes.md" lt="env TZ=America/Halifax date +%H:%M"
  printf '# cd-web-2 memory, %s (Atlantic time)\n\n' "$(TZ=America/Halifax date +%F)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/Halifax HOME="$base" PORT="$port" GC_PROFILE_WORKER=1 puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m start; m="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  (cd "$work" && LC_ALL=C TZ=America/Halifax exec pidstat -r -l -C '^puma' 5) > "$work/pidstat.txt" &
  local sampler=$!
  echo "- $($lt) CD-233 paged: cd-web-2 RSS alert on the puma workers. started pidstat -r every 5 s" >> "$notes"
  ruby "$here/load.rb" culverdale "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 50
  echo "- $($lt) collections.csv (CD-72) is being pulled every few seconds by finance's sheet, each pull is a 20-30 MB jump on a worker" >> "$notes"
  at "$start" 92
  echo "- $($lt) it's the collections report. asked finance to switch the sheet to the nightly extract. attached production.log, gc_stat.log, pidstat" >> "$notes"
  wait "$load" || true; sleep 3
  stop_bg "$sampler"
  kill -TERM "$m"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "culverdale: master=$m" >&2; cat "$base/log/puma.stdout.log" >&2; tail -n 3 "$work/load.stderr" "$base/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

# h26-unicorn-wrenfold-clinic-native-letter-canvas-beside-clinician-memo-lost-dumps: Wrenfold Community Clinic on
# unicorn (2 workers, no preload, HEAP_TRACE=1) in Pacific/Auckland local time. POST /referrals/:id/letters draws
# each letter on a 512 KB native canvas from Fiddle::Pointer.malloc without a free function (WF-88), so the malloc'd
# band is never released and heap dumps do not show it; ClinicianDirectory::MEMO keeps clinician schedules per
# clinician and day (bounded by ~400 clinicians) and does show in the dumps. Two heap dumps of worker 0 are taken to
# tmp/heap.json (no pid in the name) and copied off as heap-1.json / heap-2.json the next morning (mtimes lost).
# Artifacts: Rails production.log (+1300), unicorn.stderr.log, `while sleep 10; do date ...; ps ...; done`, the two
# dumps, oncall-notes.txt saved from a Windows editor (CRLF) blaming the memo.
wf_ps() { while sleep 10; do date '+%F %T %z'; ps -o pid,ppid,rss,vsz,etime,args -C unicorn || true; done; }
record_wrenfold() {
  local seconds; seconds="$(s 105)"; local base=/srv/wrenfold dest="$out_root/h26-unicorn-wrenfold-clinic-native-letter-canvas-beside-clinician-memo-lost-dumps" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/wrenfold/." "$base/"; port="$(free_port)"
  local notes="$work/oncall-notes.txt" lt="env TZ=Pacific/Auckland date +%H:%M"
  echo "wf-app-1 on call $(TZ=Pacific/Auckland date +%F) (NZ time)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Pacific/Auckland HOME="$base" PORT="$port" HEAP_TRACE=1 unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local m start; m="$(cat "$base/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  TZ=Pacific/Auckland wf_ps > "$work/ps.log" &
  local sampler=$!
  echo "$($lt) WF-310 wf-app-1 memory alert, both unicorn workers. ps every 10s" >> "$notes"
  ruby "$here/load.rb" wrenfold "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 35; touch "$base/tmp/heapdump-0"; wait_file "$base/tmp/heap.json"; cp "$base/tmp/heap.json" "$work/heap-1.json"
  echo "$($lt) heap dump of worker 0 (touch tmp/heapdump-0), saved as heap-1.json" >> "$notes"
  at "$start" 96; rm -f "$base/tmp/heap.json"; touch "$base/tmp/heapdump-0"; wait_file "$base/tmp/heap.json"; cp "$base/tmp/heap.json" "$work/heap-2.json"
  echo "$($lt) second dump, heap-2.json. ClinicianDirectory MEMO has a lot more entries than in heap-1, it never drops yesterday's schedules (WF-47). that's the leak, ticket for an expiry" >> "$notes"
  wait "$load" || true; sleep 3
  stop_bg "$sampler"
  kill -QUIT "$m"; wait "$uni" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$m" 2>/dev/null || break; sleep 0.2; done
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  local copy; copy="$(date -u -d '+1 day' '+%F') 20:4"
  touch -d "${copy}1 UTC" "$work/heap-1.json"; touch -d "${copy}2 UTC" "$work/heap-2.json"
  sed -i 's/$/\r/' "$notes"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "wrenfold: master=$m" >&2; grep -h 'worker=' "$base/log/unicorn.stderr.log" >&2; tail -n 3 "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h26-sidekiq-thornbury-passport-certs-killer-restart-beside-catalogue-export: Thornbury Livestock Market's job process
# (Sidekiq 6.5 text log, 5 threads, sidekiq-worker-killer max_rss 72 MB), run by systemd (Restart=always, 1 s).
# PassportCheckJob (~5 a second) keeps each checked passport's ~40 KB signed certificate in BcmsClient::CERTIFICATES
# forever (TB-118); SaleCatalogueExportJob (every ~20 s) builds 9,000 lots of short-lived garbage; BidIncrementSyncJob
# is small. The killer stops the process when it passes max_rss and systemd starts a new one, which leaks the same way.
# Artifacts: sidekiq.log (both processes), the on-call's ps loop (Australia/Brisbane time), one heap dump of each
# process (HEAP_TRACE=1, tmp/sidekiq-heap-PID-HHMMSS.json), notes.txt blaming the export.
tb_ps() { while sleep 10; do date '+%a %d %b %Y %T %Z'; ps -o pid,rss,vsz,etime,args -p "$(pgrep -d, -f '^sidekiq ' || echo 1)" | grep -v '^ *1 '; done; }
tb_unit() { while [ ! -e /srv/thornbury/tmp/stop-unit ]; do
    (cd /srv/thornbury && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME=/srv/thornbury HEAP_TRACE=1 MAX_RSS_MB="${TB_MAX_RSS:-72}" RUN_SECONDS=100000 ruby bin/sidekiq) >> /srv/thornbury/log/sidekiq.log 2>&1 || true
    sleep 1; done; }
record_thornbury() {
  local seconds; seconds="$(s 110)"; local base=/srv/thornbury dest="$out_root/h26-sidekiq-thornbury-passport-certs-killer-restart-beside-catalogue-export" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/thornbury/." "$base/"
  local notes="$work/notes.txt" lt="env TZ=Australia/Brisbane date +%H:%M"
  echo "tb-jobs-1 on-call $(TZ=Australia/Brisbane date +%F) (Brisbane time)" > "$notes"
  tb_unit & local unit=$!
  wait_file "$base/tmp/pids/sidekiq.pid"
  local p1 p2 start; p1="$(cat "$base/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  TZ=Australia/Brisbane tb_ps > "$work/ps.log" &
  local sampler=$!
  echo "$($lt) TB-231: tb-jobs-1 memory warning on sidekiq $p1. watching ps every 10 s" >> "$notes"
  at "$start" 30; touch "$base/tmp/heapdump"
  echo "$($lt) heap dump (touch tmp/heapdump)" >> "$notes"
  for _ in $(seq 450); do [ "$(cat "$base/tmp/pids/sidekiq.pid")" != "$p1" ] && break; sleep 0.2; done
  p2="$(cat "$base/tmp/pids/sidekiq.pid")"
  echo "$($lt) worker killer restarted sidekiq (now $p2). RSS jumps by tens of MB every time SaleCatalogueExportJob runs, it loads the whole sale's lots into memory" >> "$notes"
  at "$start" 100; touch "$base/tmp/heapdump"
  echo "$($lt) second heap dump, of $p2" >> "$notes"
  at "$start" "$seconds"
  echo "$($lt) climbing again after the restart. SaleCatalogueExportJob runs every 20 s, it's the export. TB-232: move it to the nightly queue" >> "$notes"
  stop_bg "$sampler"
  touch "$base/tmp/stop-unit"; kill -TERM "$(cat "$base/tmp/pids/sidekiq.pid")"; wait "$unit" || true
  cp -p "$base/log/sidekiq.log" "$work/"; local f
  for f in "$base"/tmp/sidekiq-heap-*.json; do cp -p "$f" "$work/"; done
  clean "$dest"; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "thornbury: p1=$p1 p2=$p2" >&2; grep -h 'WorkerKiller\|Bye\|Booted' "$base/log/sidekiq.log" >&2; grep -o 'class=[A-Za-z:]*' "$base/log/sidekiq.log" | sort | uniq -c >&2
  rm -rf "$work" "$base"
}

# h26-puma-quenby-library-platform-metrics-release-note-control: Quenby Lending Library on one platform web dyno
# (puma single mode, 5 threads, MALLOC_ARENA_MAX=2), healthy. BookSearchCache is an LRU capped at 120 queries;
# GET /reports/overdue.pdf (every ~22 s) loads 120,000 loans and pages them (short-lived); release v212 ~30 s in
# restarts the dyno (new process), and the notes blame it. `platform.rb` is the platform: it runs the dyno, writes the
# app's stdout, its own dyno lines and 20-second runtime metrics read from /proc; load.rb writes the router lines.
# Artifact: heroku-logs.txt (the on-call's `heroku logs --tail`, stopped with Ctrl-C: last line cut), notes.txt.
record_quenby() {
  local seconds; seconds="$(s 118)"; local base=/srv/quenby dest="$out_root/h26-puma-quenby-library-platform-metrics-release-note-control" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids" "$work/control"; cp -r "$here/quenby/." "$base/"; port="$(free_port)"
  local notes="$work/notes.txt" lt="date -u +%H:%M"
  echo "quenby-library web.1 memory, $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" ruby "$here/platform.rb" "$work/drain.txt" "$port" "$work/control") &
  local plat=$!
  wait_file "$work/control/pid"
  local p1 p2 start; p1="$(cat "$work/control/pid")"; start="$(date +%s)"
  echo "$($lt) QL-402 memory alert on web.1 from the metrics. tailing heroku logs" >> "$notes"
  ruby "$here/load.rb" quenby "$port" "$seconds" "$work/router.txt" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 30; rm -f "$work/control/pid"; echo "v212 3f9a2c1 maya.okafor@quenby-library.org" > "$work/control/release"
  wait_file "$work/control/pid"; p2="$(cat "$work/control/pid")"
  echo "$($lt) maya deployed v212 (reading lists, QL-377)" >> "$notes"
  at "$start" 110
  echo "$($lt) memory_rss back up after the v212 restart and it's not stopping. reading lists keep every list in memory? asking maya to roll back to v211" >> "$notes"
  wait "$load" || true; sleep 2
  touch "$work/control/stop"; wait "$plat" || true
  sort -s -k1,1 "$work/drain.txt" "$work/router.txt" > "$work/heroku-logs.txt"
  truncate -s -37 "$work/heroku-logs.txt"
  rm -rf "$work/drain.txt" "$work/router.txt" "$work/control"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "quenby: p1=$p1 p2=$p2" >&2; tail -n 3 "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

run_one() {
  case "$1" in
    h26-puma-cluster-culverdale-gc-off-worker-beside-collections-report) record_culverdale ;;
    h26-unicorn-wrenfold-clinic-native-letter-canvas-beside-clinician-memo-lost-dumps) record_wrenfold ;;
    h26-sidekiq-thornbury-passport-certs-killer-restart-beside-catalogue-export) record_thornbury ;;
    h26-puma-quenby-library-platform-metrics-release-note-control) record_quenby ;;
    *) echo "unknown incident $1" >&2; return 2 ;;
  esac
}
rc=0
for inc in "${incidents[@]}"; do run_one "$inc" || rc=1; done
exit $rc
