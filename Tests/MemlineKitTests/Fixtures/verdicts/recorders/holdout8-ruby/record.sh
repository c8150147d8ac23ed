#!/usr/bin/env bash
# Records the holdout8-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1 (fiddle), Debian's puma 5.6.5
# (puma package), unicorn 6.0 (gem), sysstat 12.6 (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>
# (their deploy path, so the paths in heap dumps and logs are the deploy paths).
#   ./record.sh [INCIDENT…]   default: all four
#     h8-sidekiq-fiscal-journal-beside-zreport   tillwise/   (130 s)
#     h8-puma-native-pix-pool                    scanforge/  (120 s)
#     h8-unicorn-vendored-geocoder-memo          parcelhop/  (120 s)
#     h8-sidekiq7-lru-warmup-control             ferrymint/  (120 s)
# The load generator is load.rb (web incidents). puma runs under `env -i` (it keeps its environment, and dump_all writes
# it out); the recorder starts everything from / so no process inherits its working directory as OLDPWD (the first
# scanforge take had it in its dumps and was recorded again).
# H8_SECONDS=N shortens a run for a try-out. Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and
# README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h8-sidekiq-fiscal-journal-beside-zreport h8-puma-native-pix-pool h8-unicorn-vendored-geocoder-memo h8-sidekiq7-lru-warmup-control)
export MALLOC_ARENA_MAX=2
cd /; unset OLDPWD # the apps inherit no working directory of the recorder's

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

# h8-sidekiq-fiscal-journal-beside-zreport: Tillwise's job process alone (bin/sidekiq, a Sidekiq 6.5 stand-in, 8
# threads, Sidekiq 6 pretty log on stdout), GC.stat Logger lines every 3 s in log/gc.log, `pidstat -h -r` every 2 s.
# No heap dumps. Two regional Z reports at 30 % and 68 %.
record_tillwise() {
  local seconds=${H8_SECONDS:-130} base=/srv/tillwise dest="$out_root/h8-sidekiq-fiscal-journal-beside-zreport" work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/tillwise/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local notes="$work/oncall.md"
  echo "## tw-jobs-2 on-call $(date -u +%F) (UTC)" > "$notes"
  echo "$(hm) sidekiq restarted on tw-jobs-2 after TW-702 (fiscal signing moved to sidekiq) went out this morning" >> "$notes"
  (cd "$base" && HOME="$base" RUN_SECONDS="$seconds" ZREPORT_AT="$((seconds * 30 / 100)),$((seconds * 68 / 100))" exec bin/sidekiq -e production > log/sidekiq.log 2>&1) &
  local jobs=$!
  local start; start="$(date +%s.%N)"
  sleep 0.5
  TZ=UTC LC_ALL=C pidstat -h -r -p "$jobs" 2 "$((seconds / 2))" > "$work/pidstat-r.txt" &
  local stat=$!
  wait_until "$(echo "$start + $seconds * 45 / 100" | bc)"
  echo "$(hm) RSS alert tw-jobs-2: jumped by ~40 MB right when DailyZReportJob ran, never came back down. Z report loads the whole day into memory, again" >> "$notes"
  wait_until "$(echo "$start + $seconds * 80 / 100" | bc)"
  echo "$(hm) second Z report (another region) ran, RSS up again. Opened TW-715 to page the Z report through the replica" >> "$notes"
  wait "$jobs" || true
  wait "$stat" || true
  cp -p "$base/log/sidekiq.log" "$base/log/gc.log" "$base/tmp/pids/sidekiq.pid" "$work/"
  clean "$dest"
  for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h8-puma-native-pix-pool: Scanforge on Debian's puma 5.6.5 (2 workers x 3 threads, preload_app!) under
# /srv/scanforge; Rails 7-style production.log tagged with the request id; each worker appends a GC.stat envelope
# ({"time","pid","gc_stat"}) every 2 s; the on-call's loop writes `date -Is` and `ps -o pid,ppid,rss,vsz,args` every
# 3 s; HEAP_TRACE=1 and two heap dumps of worker 0 at 30 % and 85 % of the run.
scan_ps() { # scan_ps MASTER_PID
  while kill -0 "$1" 2>/dev/null; do
    local pids; pids="$(pgrep -d, -f '\[scanforge\]' || true)"
    if [ -n "$pids" ]; then date -Is; ps -o pid,ppid,rss,vsz,args -p "$pids"; fi
    sleep 3
  done
}

record_scanforge() {
  local seconds=${H8_SECONDS:-120} base=/srv/scanforge dest="$out_root/h8-puma-native-pix-pool" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/scanforge/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (sf-web-1)" > "$notes"
  echo "$(hms) deploy 2.41.0 (SF-140 OCR helper refactor, SF-61 per-firm labels) to sf-web-1, puma restarted with HEAP_TRACE=1" >> "$notes"
  # a clean environment: puma keeps a copy of its environment (for restarts) and dump_all writes it out
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     HEAP_TRACE=1 puma -C "$base/config/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted in ' 2
  sleep 1
  local w0; w0="$(sed -n 's/.*Worker 0 (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.stdout.log" | tail -1)"
  scan_ps "$puma" > "$work/ps.log" &
  local sampler=$!
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" scanforge "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local n=0
  for f in 30 85; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1))
    echo "$w0" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n of worker 0 (pid $w0)" >> "$notes"
    if [ "$n" = 1 ]; then
      sleep 4
      echo "$(hms) both workers climbing since the deploy. LocaleCache (SF-61) is new in 2.41.0 and keeps a Hash per firm and locale, never expires: suspect #1" >> "$notes"
    fi
  done
  wait "$load"
  sleep 2
  echo "$(hms) SF-143: cap LocaleCache (LRU, 200 entries), ships with 2.41.1 tomorrow; took logs, ps loop and dumps" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$puma"; wait "$puma" || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"
  for f in "$base"/log/heapdump.*.json; do
    gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"
  done
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h8-unicorn-vendored-geocoder-memo: Parcelhop on unicorn 6.0 (2 workers, preload_app) under /srv/parcelhop with the
# vendored gem adressa 2.3.0 (vendor/bundle); Rails 6.1's default production.log (no tags); the on-call's sampler
# writes one JSON line per process every 2 s (memory-jsonl: ts, host, pid, process, rss_kb); HEAP_TRACE=1 and three
# heap dumps of worker 1 at 25/55/88 % of the run. A deploy goes out at 45 % (no restart of the app servers).
parcel_sampler() { # parcel_sampler MASTER_PID
  while kill -0 "$1" 2>/dev/null; do
    local ts; ts="$(date -u +%FT%T.%3NZ)"
    for p in $(pgrep -f 'unicorn.*parcelhop|unicorn (master|worker)' || true); do
      local rss name
      rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)" || continue
      name="$(tr '\0' ' ' < "/proc/$p/cmdline" | awk '{ print $1, $2 }')"
      [ -n "$rss" ] && printf '{"ts":"%s","host":"ph-web-2","pid":%s,"process":"%s","rss_kb":%s}\n' "$ts" "$p" "$name" "$rss"
    done
    sleep 2
  done
}

record_parcelhop() {
  local seconds=${H8_SECONDS:-120} base=/srv/parcelhop dest="$out_root/h8-unicorn-vendored-geocoder-memo" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/parcelhop/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"
  local notes="$work/notes.txt"
  echo "ph-web-2 $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" HEAP_TRACE=1 exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 2
  local m w1; m="$(cat "$base/tmp/pids/unicorn.pid")"
  w1="$(sed -n 's/.*worker=1 spawned pid=\([0-9]*\).*/\1/p' "$base/log/unicorn.stderr.log" | tail -1)"
  parcel_sampler "$m" > "$work/rss.jsonl" &
  local sampler=$!
  sleep 1
  local start; start="$(date +%s.%N)"
  echo "$(hms) unicorn restarted on ph-web-2 with HEAP_TRACE=1 (PH-390, workers creeping since last week)" >> "$notes"
  ruby "$here/load.rb" parcelhop "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local n=0
  for f in 25 45 55 88; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    if [ "$f" = 45 ]; then
      echo "$(hms) deploy r1184 (4f1e2aa) to ph-web-*: DPD carrier rules + quote form address autocomplete (cap deploy, app servers not restarted)" >> "$notes"
      continue
    fi
    n=$((n + 1))
    echo "$w1" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n of worker 1 (pid $w1)" >> "$notes"
  done
  wait "$load"
  sleep 2
  echo "$(hms) RSS of both workers well up since r1184 went out; the CSV exports (account/exports) spike them to 100+ MB too. Rolling r1184 back on Monday if it keeps growing" >> "$notes"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"
  for f in "$base"/log/heap.*.json; do
    gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"
  done
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h8-sidekiq7-lru-warmup-control: Ferrymint's job process (bin/sidekiq, a Sidekiq 7.2 stand-in, 5 threads, Sidekiq 7
# JSON log on stdout) right after a deploy; logfmt RSS lines every 2 s from the on-call's loop; HEAP_TRACE=1 and
# kill -USR2 at 25/55/90 % for three dumps (tmp/heap_<pid>_<n>.json). Nothing leaks: the timetable warms up, the fare
# LRU fills (capped at 260), one port manifest export at 62 % makes a big transient spike.
ferry_sampler() { # ferry_sampler PID
  while :; do
    local rss; rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null)" || break
    [ -n "$rss" ] || break
    echo "$(date -u +%FT%TZ) host=fm-jobs-1 process=sidekiq pid=$1 rss_kb=$rss"
    sleep 2
  done
}

record_ferrymint() {
  local seconds=${H8_SECONDS:-120} base=/srv/ferrymint dest="$out_root/h8-sidekiq7-lru-warmup-control" work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/ferrymint/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (fm-jobs-1)" > "$notes"
  echo "$(hms) deploy v5.4.0 (9d02c7b) to fm-jobs-1: fare LRU (FM-198), GTFS timetable loader; sidekiq restarted with HEAP_TRACE=1" >> "$notes"
  (cd "$base" && HOME="$base" RUN_SECONDS="$seconds" HEAP_TRACE=1 MANIFEST_AT="$((seconds * 62 / 100))" exec bin/sidekiq -e production > log/sidekiq.log 2>&1) &
  local jobs=$!
  local start; start="$(date +%s.%N)"
  sleep 0.3
  ferry_sampler "$jobs" > "$work/memory.log" &
  local sampler=$!
  local n=0
  for f in 25 55 70 90; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    if [ "$f" = 70 ]; then
      echo "$(hms) fm-jobs-1 memory alert: sidekiq tripled in a few seconds (PortManifestExportJob, Norddeich season manifest). Climbing since the deploy too" >> "$notes"
      continue
    fi
    n=$((n + 1))
    kill -USR2 "$jobs"
    echo "$(hms) heap dump $n (USR2)" >> "$notes"
  done
  wait "$jobs" || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  echo "$(hms) looked at the dumps: FareCache and the timetable. Leaving it running overnight to see" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$base/tmp/pids/sidekiq.pid" "$work/"
  clean "$dest"
  for f in "$base"/tmp/heap_*.json; do
    gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"
  done
  for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}


{ # one compound command, read whole before it runs
for i in "${incidents[@]}"; do
  case "$i" in
    h8-sidekiq-fiscal-journal-beside-zreport) record_tillwise ;;
    h8-puma-native-pix-pool) record_scanforge ;;
    h8-unicorn-vendored-geocoder-memo) record_parcelhop ;;
    h8-sidekiq7-lru-warmup-control) record_ferrymint ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
exit 0
}
