#!/usr/bin/env bash
# Records the holdout27-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (ruby, objspace),
# ruby3.1-dev and gcc (the kestrelmouth C extension), Debian's puma 5.6.5 (puma), Debian's unicorn 6.0 (unicorn),
# procps (ps, top), gzip, coreutils. The apps run from /srv/<app>, so the artifacts name /srv/<app> as written.
#   ./record.sh [INCIDENT…]   default: all four, one at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h27-puma-cluster-pontalva-marina-tide-poller-worker0-beside-occupancy-report     pontalva/    (100 s)
#     h27-sidekiq-json-ellerby-creamery-rare-recall-trace-job-beside-vat-readings-lost-dumps  ellerby/  (105 s, no web)
#     h27-unicorn-scarrowby-vets-note-autosave-drafts-beside-vaccination-report-timeout  scarrowby/ (105 s)
#     h27-puma-kestrelmouth-press-native-hyphen-ext-beside-title-metadata-cache      kestrelmouth/ (100 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h27-puma-cluster-pontalva-marina-tide-poller-worker0-beside-occupancy-report
  h27-sidekiq-json-ellerby-creamery-rare-recall-trace-job-beside-vat-readings-lost-dumps
  h27-unicorn-scarrowby-vets-note-autosave-drafts-beside-vaccination-report-timeout
  h27-puma-kestrelmouth-press-native-hyphen-ext-beside-title-metadata-cache)
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

# h27-puma-cluster-pontalva-marina-tide-poller-worker0-beside-occupancy-report: Pontalva Marina (Azores, -0100) on
# puma (3 workers x 2 threads, no preload). Only worker 0 runs the TidePoller thread (PM-77), which keeps every
# 0.3-second gauge/AIS reading because its trim compares the wrong size; GET /reports/occupancy.xlsx (every ~18 s)
# builds 70,000 berth nights of short-lived garbage in whichever worker takes it; POST /api/vessel-positions is the
# loud high-rate endpoint. Artifacts: Rails production.log (Logger::Formatter with pid, request_id tags),
# gc_stat.log (per-worker GC.stat envelopes every 5 s), puma.stdout.log, the on-call's ps loop, notes.txt.
pm_ps() { while sleep 5; do date -R; ps -o pid,ppid,rss,vsz,pcpu,args --ppid "$1" -p "$1"; done; }
record_pontalva() {
  local seconds; seconds="$(s 100)"; local base=/srv/pontalva dest="$out_root/h27-puma-cluster-pontalva-marina-tide-poller-worker0-beside-occupancy-report" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/pontalva/." "$base/"; port="$(free_port)"
  local notes="$work/notes.txt" lt="env TZ=Atlantic/Azores date +%H:%M"
  echo "pm-web-1 memory $(TZ=Atlantic/Azores date +%F) (Azores time)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Atlantic/Azores HOME="$base" PORT="$port" RUBYLIB="$base/lib" puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m start; m="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  TZ=Atlantic/Azores pm_ps "$m" > "$work/ps.log" &
  local sampler=$!
  echo "$($lt) PM-240 memory alert pm-web-1. ps every 5s on the puma master + workers" >> "$notes"
  ruby "$here/load.rb" pontalva "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 45
  echo "$($lt) occupancy.xlsx (harbour office pulls it all day) - Allocations in the millions per request in production.log" >> "$notes"
  at "$start" 95
  echo "$($lt) it's the occupancy report. PM-241: move it to a background export. attached production.log, gc_stat.log, ps.log" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -TERM "$m"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "pontalva: master=$m" >&2; cat "$base/log/puma.stdout.log" >&2; tail -n 3 "$work/load.stderr" "$base/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

# h27-sidekiq-json-ellerby-creamery-rare-recall-trace-job-beside-vat-readings-lost-dumps: Ellerby Creamery's job
# process (Sidekiq 7.2 JSON log, 5 threads) on ec-jobs-2, the on-call in America/Chicago. RecallTraceJob runs every
# ~20 s and memoises each lot's whole genealogy in LotGraph::TRACES forever (EC-512), ~3 MB a run; VatTemperatureJob
# (~6 a second, since the v3.14 deploy doubled the sampling) runs all the time and keeps nothing; one
# DeliveryManifestJob at ~40 s builds ~180,000 order lines of short-lived garbage. Artifacts: sidekiq.json.log,
# the on-call's /proc/PID/status loop, two heap dumps taken to tmp/heap.json (no pid) and copied off the next day
# as jobs-heap-a.json / jobs-heap-b.json (copy-time mtimes), oncall-notes.txt blaming the vat readings and v3.14.
ec_status() { while sleep 5; do echo "--- $(date '+%FT%T%:z')"; grep -E '^(Name|Pid|VmHWM|VmRSS|RssAnon|RssFile)' "/proc/$1/status" || break; done; }
record_ellerby() {
  local seconds; seconds="$(s 105)"; local base=/srv/ellerby dest="$out_root/h27-sidekiq-json-ellerby-creamery-rare-recall-trace-job-beside-vat-readings-lost-dumps" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/ellerby/." "$base/"
  local notes="$work/oncall-notes.txt" lt="env TZ=America/Chicago date +%H:%M"
  echo "ec-jobs-2 memory, $(TZ=America/Chicago date +%F) (central time)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" HEAP_TRACE=1 RUN_SECONDS="$seconds" MANIFEST_AT="$(s 40)" ruby bin/sidekiq) >> "$base/log/sidekiq.json.log" 2>&1 &
  local job=$!
  wait_file "$base/tmp/pids/sidekiq.pid"
  local p start; p="$(cat "$base/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  TZ=America/Chicago ec_status "$p" > "$work/proc-status.log" &
  local sampler=$!
  echo "- $($lt) EC-611 paged, ec-jobs-2 sidekiq memory. watching /proc/$p/status every 5s" >> "$notes"
  at "$start" 22; touch "$base/tmp/heapdump"; wait_file "$base/tmp/heap.json"; cp "$base/tmp/heap.json" "$work/jobs-heap-a.json"
  echo "- $($lt) heap dump #1 (touch tmp/heapdump)" >> "$notes"
  at "$start" 50
  echo "- $($lt) DeliveryManifestJob ran, big jump, but it finished and memory keeps going up after it. VatTemperatureJob is running constantly - v3.14 (yesterday, EC-480) doubled the vat probe sampling" >> "$notes"
  at "$start" 97; rm -f "$base/tmp/heap.json"; touch "$base/tmp/heapdump"; wait_file "$base/tmp/heap.json"; cp "$base/tmp/heap.json" "$work/jobs-heap-b.json"
  echo "- $($lt) heap dump #2. growth started with v3.14 and the vat readings, asking to roll back v3.14" >> "$notes"
  wait "$job" || true
  stop_bg "$sampler"
  cp -p "$base/log/sidekiq.json.log" "$work/"
  local copy; copy="$(date -u -d '+1 day' '+%F') 15:0"
  touch -d "${copy}2 UTC" "$work/jobs-heap-a.json"; touch -d "${copy}3 UTC" "$work/jobs-heap-b.json"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "ellerby: pid=$p" >&2; grep -o '"class":"[A-Za-z:]*' "$base/log/sidekiq.json.log" | sort | uniq -c >&2
  rm -rf "$work" "$base"
}

# h27-puma-kestrelmouth-press-native-hyphen-ext-beside-title-metadata-cache: Kestrelmouth University Press on puma
# single mode (5 threads), Asia/Kolkata (+0530). The vendored hyphen 0.4.2 C extension (KP-204) leaks a ~410 KB
# malloc'd pattern table on every Hyphen::Dictionary#hyphenate call, made by GET /titles/:id/preview; heap dumps
# cannot see it. TitleMetadata::CACHE (KP-150) keeps ~3 KB per title shown by GET /titles/:id and does show in the
# dumps; GET /search builds 4,000 short-lived candidates a call. Artifacts: lograge key=value production.log,
# gc.log (GC.stat inspect every 10 s), the on-call's smaps_rollup loop, two heap dumps with pid and time in the
# name, puma.log, oncall-notes.txt blaming the metadata cache.
kp_smaps() { while sleep 10; do date '+%d/%m/%Y %H:%M:%S %Z'; cat "/proc/$1/smaps_rollup" || break; done; }
record_kestrelmouth() {
  local seconds; seconds="$(s 100)"; local base=/srv/kestrelmouth dest="$out_root/h27-puma-kestrelmouth-press-native-hyphen-ext-beside-title-metadata-cache" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/kestrelmouth/." "$base/"; port="$(free_port)"
  local gem="$base/vendor/gems/hyphen-0.4.2"
  (cd "$gem/ext/hyphen" && ruby extconf.rb > /dev/null && make > /dev/null && mkdir -p "$gem/lib/hyphen" && cp hyphen.so "$gem/lib/hyphen/")
  local notes="$work/oncall-notes.txt" lt="env TZ=Asia/Kolkata date +%H:%M"
  echo "kp-web-1 on call, $(TZ=Asia/Kolkata date +%F) IST" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Asia/Kolkata HOME="$base" PORT="$port" HEAP_TRACE=1 puma -C config/puma.rb) &
  local puma=$!
  wait_file "$base/tmp/pids/puma.pid"; wait_port "$port"
  local p start; p="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  TZ=Asia/Kolkata kp_smaps "$p" > "$work/smaps_rollup.log" &
  local sampler=$!
  echo "$($lt) KP-388 RSS alert on kp-web-1 puma ($p). smaps_rollup every 10s" >> "$notes"
  ruby "$here/load.rb" kestrelmouth "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 20; touch "$base/tmp/heapdump"
  echo "$($lt) heap dump 1 (touch tmp/heapdump)" >> "$notes"
  at "$start" 92; touch "$base/tmp/heapdump"
  echo "$($lt) heap dump 2. diff: TitleMetadata::CACHE has thousands more entries than in dump 1 (title_metadata.rb), never expires. KP-150 cache is the leak, adding an LRU" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -TERM "$p"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/gc.log" "$base/log/puma.log" "$work/"; local f
  for f in "$base"/tmp/heap-*.json; do cp -p "$f" "$work/"; done
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "kestrelmouth: pid=$p" >&2; tail -n 3 "$work/load.stderr" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

# h27-unicorn-scarrowby-vets-note-autosave-drafts-beside-vaccination-report-timeout: Scarrowby Veterinary Practice on
# unicorn (2 workers, no preload, timeout 10 s) in America/Denver (-0700). POST /consultations/:id/notes keeps each
# autosaved draft (~60 KB rendered) in NoteAutosave::DRAFTS forever (SV-131); GET /reports/vaccinations-due.csv
# (every ~17 s) builds ~110,000 rows of short-lived garbage, and the range=year one waits past the 10 s timeout, so
# the master kills that worker and spawns a new one. Artifacts: Rails 7.1 production.log (request_id tags, no pid),
# access.log from Rack::CommonLogger, unicorn.stderr.log, the on-call's `top -b -d 10 -c | grep unicorn`, one heap
# dump of worker 0 at the end (tmp/heap-PID.json), notes.txt blaming the report and its timeouts.
sv_top() { COLUMNS=200 top -b -d 10 -c -w 200 | grep --line-buffered -E '^top -|^ *PID USER|unicorn (master|worker)'; }
record_scarrowby() {
  local seconds; seconds="$(s 105)"; local base=/srv/scarrowby dest="$out_root/h27-unicorn-scarrowby-vets-note-autosave-drafts-beside-vaccination-report-timeout" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/scarrowby/." "$base/"; port="$(free_port)"
  local notes="$work/notes.txt" lt="env TZ=America/Denver date +%H:%M"
  echo "sv-app-1 memory $(TZ=America/Denver date +%F) (Mountain)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/Denver HOME="$base" PORT="$port" HEAP_TRACE=1 unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local m start; m="$(cat "$base/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  (TZ=America/Denver sv_top > "$work/top.log") &
  local sampler=$!
  echo "$($lt) SV-402 sv-app-1 memory alert on the unicorn workers, top running" >> "$notes"
  ruby "$here/load.rb" scarrowby "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 60
  echo "$($lt) unicorn killed a worker on timeout, it was running vaccinations-due.csv?range=year. every report run the worker jumps ~40 MB" >> "$notes"
  at "$start" 96; touch "$base/tmp/heapdump-0"; for _ in $(seq 100); do ls "$base"/tmp/heap-*.json >/dev/null 2>&1 && break; sleep 0.2; done
  echo "$($lt) heap dump of worker 0. the report is the memory problem (and the timeouts), SV-403 move vaccinations-due to a nightly email" >> "$notes"
  wait "$load" || true; sleep 2
  pkill -P "$sampler" 2>/dev/null || true; stop_bg "$sampler"
  kill -QUIT "$m"; wait "$uni" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$m" 2>/dev/null || break; sleep 0.2; done
  cp -p "$base/log/production.log" "$base/log/access.log" "$base/log/unicorn.stderr.log" "$work/"; local f
  for f in "$base"/tmp/heap-*.json; do cp -p "$f" "$work/"; done
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "scarrowby: master=$m" >&2; grep -h 'worker=\|timeout\|reaped' "$base/log/unicorn.stderr.log" >&2; tail -n 3 "$work/load.stderr" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

run_one() {
  case "$1" in
    h27-puma-cluster-pontalva-marina-tide-poller-worker0-beside-occupancy-report) record_pontalva ;;
    h27-sidekiq-json-ellerby-creamery-rare-recall-trace-job-beside-vat-readings-lost-dumps) record_ellerby ;;
    h27-unicorn-scarrowby-vets-note-autosave-drafts-beside-vaccination-report-timeout) record_scarrowby ;;
    h27-puma-kestrelmouth-press-native-hyphen-ext-beside-title-metadata-cache) record_kestrelmouth ;;
    *) echo "unknown incident $1" >&2; return 2 ;;
  esac
}
rc=0
for inc in "${incidents[@]}"; do run_one "$inc" || rc=1; done
exit $rc
