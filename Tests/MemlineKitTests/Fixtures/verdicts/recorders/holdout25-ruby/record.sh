#!/usr/bin/env bash
# Records the holdout25-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (ruby), ruby-rack
# 2.2, Debian's puma 5.6.5 (puma), Debian's unicorn 6.x (unicorn), sysstat (pidstat), procps, gzip, coreutils. The
# apps run from /srv/<app>, so the artifacts name /srv/<app> as the runtime wrote it.
#   ./record.sh [INCIDENT…]   default: all four, two at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h25-sidekiq-json-kelderby-tide-table-history-beside-telemetry-churn          kelderby/    (90 s, no web)
#     h25-puma-cluster-marrowfield-meter-read-dedupe-beside-consumption-export     marrowfield/ (95 s)
#     h25-unicorn-pennock-tile-cache-unbounded-setting-beside-blamed-deploy       pennock/     (110 s)
#     h25-puma-oxwich-harbour-manifest-restart-leak-note-control                  oxwich/      (100 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h25-sidekiq-json-kelderby-tide-table-history-beside-telemetry-churn
  h25-puma-cluster-marrowfield-meter-read-dedupe-beside-consumption-export
  h25-unicorn-pennock-tile-cache-unbounded-setting-beside-blamed-deploy
  h25-puma-oxwich-harbour-manifest-restart-leak-note-control)
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

# h25-sidekiq-json-kelderby-tide-table-history-beside-telemetry-churn: Kelderby harbour's job process (Sidekiq 6.5 JSON
# log, 4 threads). TideTableRefreshJob (every ~15 s) appends each ~3.7 MB table to PREVIOUS_TABLES (KD-77, never
# trimmed); QuayTelemetryIngestJob (every 1 s) parses 25,000 readings into short-lived garbage; PilotRosterSyncJob is
# small. Artifacts: sidekiq.json.log, gc_stat.jsonl (GC.stat envelopes every 6 s), the on-call's
# `while sleep 5; do date -u +%FT%TZ; grep -E 'VmRSS|VmHWM|RssAnon' /proc/PID/status; done`, notes.txt. No heap dumps.
kd_status() { while sleep 5; do date -u +%FT%TZ; grep -E 'VmRSS|VmHWM|RssAnon' "/proc/$1/status" || break; done; }
record_kelderby() {
  local seconds; seconds="$(s 90)"; local base=/srv/kelderby dest="$out_root/h25-sidekiq-json-kelderby-tide-table-history-beside-telemetry-churn" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/kelderby/." "$base/"
  local notes="$work/notes.txt"
  echo "kd-jobs-2 on-call, $(date -u +%F) (times UTC)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" RUN_SECONDS="$seconds" ruby bin/jobs) &
  local job=$!
  wait_file "$base/tmp/pids/sidekiq.pid"
  local p start; p="$(cat "$base/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  kd_status "$p" > "$work/proc-status.log" &
  local sampler=$!
  echo "$(date -u +%H:%M) KD-301 paged: kd-jobs-2 sidekiq pid $p over its memory budget again. sampling /proc/$p/status every 5 s" >> "$notes"
  at "$start" 40
  echo "$(date -u +%H:%M) QuayTelemetryIngestJob runs every second and chews through 25k readings each time, gc count is climbing like mad. that's our memory" >> "$notes"
  at "$start" 80
  echo "$(date -u +%H:%M) proposing to batch telemetry ingest every 10 s instead (KD-302). grabbed sidekiq log + gc_stat.jsonl" >> "$notes"
  wait "$job" || true
  stop_bg "$sampler"
  cp -p "$base/log/sidekiq.json.log" "$base/log/gc_stat.jsonl" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "kelderby: pid=$p" >&2; grep -o '"class":"[A-Za-z:]*"' "$base/log/sidekiq.json.log" | sort | uniq -c >&2
  rm -rf "$work" "$base"
}

# h25-puma-cluster-marrowfield-meter-read-dedupe-beside-consumption-export: Marrowfield Water on puma (3 workers x 2
# threads, no preload, HEAP_TRACE=1). POST /api/meter-reads keeps a ~1 KB normalised read (30 per request) in
# ReadDeduper::SEEN forever (MF-102); GET /exports/consumption.csv every ~13 s builds a ~40 MB CSV in memory, gzips
# it and clears it (a transient of a few seconds; 9-10 s per export under load).
# Artifacts: Logger-prefixed lograge key=value production.log, puma.stdout.log, `pidstat -h -r -l -C '^puma' 5`, two
# heap dumps of worker 1 (heap_PID_HHMMSS.json), oncall.md.
record_marrowfield() {
  local seconds; seconds="$(s 95)"; local base=/srv/marrowfield dest="$out_root/h25-puma-cluster-marrowfield-meter-read-dedupe-beside-consumption-export" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/marrowfield/." "$base/"; port="$(free_port)"
  local notes="$work/oncall.md"
  printf '# mf-web-3 memory, %s (UTC)\n\n' "$(date -u +%F)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" PORT="$port" HEAP_TRACE=1 puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m start; m="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  (cd "$work" && LC_ALL=C TZ=UTC exec pidstat -h -r -l -C '^puma' 5) > "$work/pidstat.txt" &
  local sampler=$!
  echo "- $(date -u +%H:%M:%S) MF-240: mf-web-3 puma workers over the memory alert. pidstat -r every 5 s" >> "$notes"
  ruby "$here/load.rb" marrowfield "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 18; touch "$base/tmp/heapdump-1"
  echo "- $(date -u +%H:%M:%S) heap dump of worker 1 (touch tmp/heapdump-1)" >> "$notes"
  at "$start" 50
  echo "- $(date -u +%H:%M:%S) every time finance pulls consumption.csv one worker jumps by tens of MB" >> "$notes"
  at "$start" 86; touch "$base/tmp/heapdump-1"
  echo "- $(date -u +%H:%M:%S) second dump of worker 1. it's the consumption export (MF-64), asking finance to use the nightly file instead" >> "$notes"
  wait "$load" || true; sleep 3
  stop_bg "$sampler"
  kill -TERM "$m"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$work/"
  local f; for f in "$base"/tmp/heap_*.json; do cp -p "$f" "$work/"; done
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "marrowfield: master=$m" >&2; grep -h 'Worker' "$base/log/puma.stdout.log" >&2; tail -n 3 "$work/load.stderr" "$base/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

# h25-unicorn-pennock-tile-cache-unbounded-setting-beside-blamed-deploy: Pennock planning portal on unicorn (2 workers,
# no preload) in Asia/Kolkata local time. TileCache keeps rendered 256 KB map tiles up to tile_cache.max_entries (24)
# from shared/runtime_settings.yml; ~58 s in someone sets it to 0 (= no limit) and each worker logs the reload; from
# then the tile cache grows with every new tile. ~15 s in, release v5.2.0 is deployed (USR2 re-exec, old master QUIT):
# new pids, and the notes blame it. Artifacts: Rails production.log (Started/Processing/Parameters/Completed with
# request_id), unicorn.stderr.log, deploy.log, the on-call's `while sleep 10; do date -R; ps -o pid,ppid,rss,vsz,args -C unicorn; done`,
# oncall.txt.
pn_ps() { while sleep 10; do date -R; ps -o pid,ppid,rss,vsz,args -C unicorn || true; done; }
pn_settings() { printf 'tile_cache.max_entries: %s\ncomments.moderation: true\nmaps.base_layer: os-vectormap-2026\n' "$1"; }
record_pennock() {
  local seconds; seconds="$(s 110)"; local base=/srv/pennock dest="$out_root/h25-unicorn-pennock-tile-cache-unbounded-setting-beside-blamed-deploy" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids" "$base/shared"; cp -r "$here/pennock/." "$base/"; port="$(free_port)"
  echo "v5.1.4 7be20d9" > "$base/REVISION"; pn_settings 24 > "$base/shared/runtime_settings.yml"
  local notes="$work/oncall.txt" lt="env TZ=Asia/Kolkata date +%H:%M" deploylog="$base/log/deploy.log"
  echo "$(TZ=Asia/Kolkata date -d '-1 day -5 hours' '+%F %T %z') pennock deploy v5.1.4 (7be20d9) by anjali: unicorn USR2 sent, old master QUIT" > "$deploylog"
  echo "pn-web-1 on-call $(TZ=Asia/Kolkata date +%F) (IST)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Asia/Kolkata HOME="$base" PORT="$port" unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local m1 m2 start; m1="$(cat "$base/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  TZ=Asia/Kolkata pn_ps > "$work/ps.log" &
  local sampler=$!
  echo "$($lt) PN-412: pn-web-1 memory alert. ps every 10 s" >> "$notes"
  ruby "$here/load.rb" pennock "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 15
  echo "v5.2.0 a41c9e2" > "$base/REVISION"
  echo "$(TZ=Asia/Kolkata date '+%F %T %z') pennock deploy v5.2.0 (a41c9e2) by tomas: PN-398 comment attachments, PN-377 map legend; unicorn USR2 sent to $m1" >> "$deploylog"
  kill -USR2 "$m1"
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 4
  m2="$(cat "$base/tmp/pids/unicorn.pid")"; kill -QUIT "$m1"
  echo "$(TZ=Asia/Kolkata date '+%F %T %z') pennock deploy v5.2.0 (a41c9e2): new master $m2 up, old master $m1 QUIT" >> "$deploylog"
  echo "$($lt) tomas deployed v5.2.0 (comment attachments + map legend)" >> "$notes"
  at "$start" 58
  pn_settings 0 > "$base/shared/runtime_settings.yml.new"; mv "$base/shared/runtime_settings.yml.new" "$base/shared/runtime_settings.yml"
  at "$start" 85
  echo "$($lt) both workers climbing since the deploy. v5.2.0 added comment attachments, guess they sit in memory. asking tomas to roll back" >> "$notes"
  wait "$load" || true; sleep 4
  stop_bg "$sampler"
  kill -QUIT "$m2"; wait "$uni" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$m2" 2>/dev/null || break; sleep 0.2; done
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$deploylog" "$work/"
  echo "$($lt) attached production.log, unicorn.stderr.log, deploy.log, ps.log to PN-412" >> "$notes"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "pennock: m1=$m1 m2=$m2" >&2; grep -h 'worker=\|reexec\|RuntimeSettings' "$base/log/unicorn.stderr.log" "$base/log/production.log" >&2; tail -n 3 "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h25-puma-oxwich-harbour-manifest-restart-leak-note-control: Oxwich harbour ferries on puma single mode (4 threads,
# MALLOC_ARENA_MAX=2 as in its systemd unit) in America/Chicago local time. Nothing leaks: BookingLookupCache is
# capped at 600 entries, GET /reports/harbour-manifest (every ~14 s) builds ~90,000 short-lived rows, the on-call restarts puma ~30 s in
# (systemctl restart: new pid) blaming the cache, and two heap dumps afterwards are copied off without their mtimes.
# Artifacts: Rack::CommonLogger access.log, gc.log (plain GC.stat lines every 8 s), `pidstat -r -C '^puma' 4`,
# puma.stdout.log, heap-1.json / heap-2.json, notes.txt.
ox_start() { (cd /srv/oxwich && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/Chicago MALLOC_ARENA_MAX=2 HOME=/srv/oxwich PORT="$1" puma -C config/puma.rb) & }
record_oxwich() {
  local seconds; seconds="$(s 100)"; local base=/srv/oxwich dest="$out_root/h25-puma-oxwich-harbour-manifest-restart-leak-note-control" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/oxwich/." "$base/"; port="$(free_port)"
  local notes="$work/notes.txt" lt="env TZ=America/Chicago date +%H:%M:%S"
  echo "ox-web-1 on-call $(TZ=America/Chicago date +%F) (Central)" > "$notes"
  ox_start "$port"; local puma=$!
  wait_port "$port"
  local p1 p2 start; p1="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  (cd "$work" && LC_ALL=C TZ=America/Chicago exec pidstat -r -C '^puma' 4) > "$work/pidstat.txt" &
  local sampler=$!
  echo "$($lt) OX-140 ox-web-1 memory warning, puma $p1. pidstat -r every 4 s" >> "$notes"
  ruby "$here/load.rb" oxwich "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 25
  echo "$($lt) RSS only goes up. BookingLookupCache (OX-33) holds bookings in the process, has to be leaking. restarting oxwich-web" >> "$notes"
  at "$start" 30
  kill -TERM "$p1"; wait "$puma" || true
  ox_start "$port"; puma=$!
  wait_port "$port"; p2="$(cat "$base/tmp/pids/puma.pid")"
  echo "$($lt) systemctl restart oxwich-web done, new puma $p2" >> "$notes"
  at "$start" 58; touch "$base/tmp/heapdump"
  echo "$($lt) heap dump 1 (touch tmp/heapdump)" >> "$notes"
  at "$start" 93; touch "$base/tmp/heapdump"
  echo "$($lt) heap dump 2. growing again after the restart, same as before: the booking cache leak is back. OX-33 needs a rewrite" >> "$notes"
  wait "$load" || true; sleep 3
  stop_bg "$sampler"
  kill -TERM "$p2"; wait "$puma" || true
  cp -p "$base/log/access.log" "$base/log/gc.log" "$base/log/puma.stdout.log" "$work/"
  local n copy; copy="$(date -u -d '+1 day +2 hours' '+%F %H:%M')"
  for n in 1 2; do cp "$base/tmp/heap-$n.json" "$work/"; touch -d "$copy:1$n UTC" "$work/heap-$n.json"; done
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "oxwich: p1=$p1 p2=$p2" >&2; tail -n 4 "$work/load.stderr" "$base/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

run_one() {
  case "$1" in
    h25-sidekiq-json-kelderby-tide-table-history-beside-telemetry-churn) record_kelderby ;;
    h25-puma-cluster-marrowfield-meter-read-dedupe-beside-consumption-export) record_marrowfield ;;
    h25-unicorn-pennock-tile-cache-unbounded-setting-beside-blamed-deploy) record_pennock ;;
    h25-puma-oxwich-harbour-manifest-restart-leak-note-control) record_oxwich ;;
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
