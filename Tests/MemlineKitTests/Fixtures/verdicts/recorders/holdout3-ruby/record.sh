#!/usr/bin/env bash
# Records the holdout3-ruby verdict incidents (not run by CI). Needs Debian 12's ruby 3.1 and sysstat 12.6; no
# gems: the puma-like server (lib/minipuma.rb), the Sidekiq-like job process (lib/jobrunner.rb), request logging
# (lib/request_log.rb) and the heap-dump / GC.stat probes (lib/probes.rb) are stdlib-only stand-ins. The apps'
# bin/ scripts run `ruby --disable-gems` (as a bundler --standalone deploy does), which also keeps RubyGems' own
# objects out of the heap dumps.
#   ./record.sh [INCIDENT…]   default: all four; DEST_ROOT=dir writes there instead of ../../
#
# Each app is deployed to /srv/<app> (its lib/*.rb copied to vendor/), started as the incident says, driven by
# load.rb, and sampled by `pidstat -r` once a second; the on-call notes are written by this script as the run
# goes. Artifacts are copied to ../../<incident>/ (text files over ~100 KB gzipped with -n; heap dumps gzipped,
# gzip keeps their mtime); expected.json and README.md there are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${DEST_ROOT:-$(cd "$here/../.." && pwd)}"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h3-puma-session-leak h3-sidekiq-lost-dumps h3-native-ext h3-healthy-sawtooth)
export MALLOC_ARENA_MAX=2

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local now; now="$(date +%s.%N)"; sleep "$(echo "$1 - $now" | bc | sed 's/^-.*/0/')"; }
hms() { date -u +%H:%M:%S; }
hm() { date -u +%H:%M; }

deploy() { # app dir name -> /srv/<name>
  local base="/srv/$1"
  rm -rf "$base"; mkdir -p "$base"
  cp -r "$here/$1/." "$base/"
  mkdir -p "$base/vendor" "$base/log" "$base/tmp/pids" "$base/tmp/heap"
  cp "$here"/lib/*.rb "$base/vendor/"
}

booted() { # puma log, workers -> waits for the boot lines
  for _ in $(seq 200); do
    [ "$(grep -c 'booted in' "$1" 2>/dev/null)" -ge "$2" ] && return 0
    sleep 0.1
  done
  echo "puma did not boot" >&2; cat "$1" >&2; return 1
}
worker_pid() { sed -n "s/.*- Worker $2 (PID: \([0-9]*\)) booted.*/\1/p" "$1" | tail -1; }

# dump_now PID HEAPDIR NOTES WHAT: kill -URG, wait for the dump; one that came out over 40 MB (WHAT was in flight)
# is deleted and taken again a few seconds later, as the engineer did. Dumps are renumbered 1..n when copied.
dump_now() {
  local before f mb
  before="$(find "$2" -name "*.json" | wc -l)"
  kill -URG "$1"
  for _ in $(seq 900); do [ "$(find "$2" -name "*.json" | wc -l)" -gt "$before" ] && break; sleep 0.1; done
  f="$(ls -t "$2"/*.json | head -1)"
  mb=$(( $(stat -c %s "$f") / 1048576 ))
  if [ "$mb" -gt 40 ]; then
    rm -f "$f"
    echo "$(hm) that dump came out at ${mb} MB ($4), deleted it, taking it again" >> "$3"
    sleep 4
    dump_now "$@"
  fi
}

finish() { # work dir, incident
  local work="$1" dest="$out_root/$2"
  for f in "$work"/*.log "$work"/*.jsonl "$work"/*.txt; do
    [ -e "$f" ] || continue
    if [ "$(stat -c %s "$f")" -gt 100000 ]; then gzip -9 -n "$f"; fi
  done
  mkdir -p "$dest"
  find "$dest" -mindepth 1 ! -name expected.json ! -name README.md -delete
  cp -p "$work"/* "$dest/"
  rm -rf "$work"
}

# h3-puma-session-leak (110 s): Quillpad on the puma-like cluster (3 workers x 2 threads, preload, ALLOC_TRACE=1),
# Rails 7.2 tagged production.log, puma's plain stdout (no clock) as puma.log; kill -URG to worker 1 at 30/60/90 %
# writes dump-<pid>-<n>.json (mtimes kept through gzip); pidstat -r -p on the master and the 3 workers.
puma_session_leak() {
  local seconds="${SECONDS_OVERRIDE:-110}" base=/srv/quillpad work port
  work="$(mktemp -d)"
  deploy quillpad
  port="$(free_port)"
  (cd "$base" && PORT="$port" ALLOC_TRACE=1 exec bin/puma > log/puma.log 2>&1) &
  local puma=$!
  booted "$base/log/puma.log" 3
  local w0 w1 w2
  w0="$(worker_pid "$base/log/puma.log" 0)"; w1="$(worker_pid "$base/log/puma.log" 1)"; w2="$(worker_pid "$base/log/puma.log" 2)"
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  TZ=UTC LC_ALL=C pidstat -r -p "$puma,$w0,$w1,$w2" 1 "$((seconds + 3))" > "$work/pidstat.txt" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" h3-puma-session-leak "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  echo "$(hm) paged: web-2 container memory 82% (puma workers), no deploy since Tuesday's 2.14" >> "$notes"
  local n=0
  for f in 30 60 90; do
    wait_until "$((start + seconds * f / 100))"
    n=$((n + 1))
    echo "$(hm) kill -URG $w1 (puma worker 1) -> heap dump $n; ALLOC_TRACE=1 was already set on web-2" >> "$notes"
    dump_now "$w1" "$base/tmp/heap" "$notes" "an export was running"
    if [ "$n" = 1 ]; then
      echo "$(hm) CS: Northwind exported their whole workspace twice this morning (export.zip), that is usually when web memory jumps" >> "$notes"
    fi
  done
  wait "$load"
  sleep 1
  kill -TERM "$puma"; wait "$puma" || true
  wait "$stat" || true
  echo "$(hm) dumps and logs attached to INC-2291" >> "$notes"
  cp "$base"/log/production.log "$base"/log/puma.log "$work/"
  n=0
  for f in $(ls -tr "$base"/tmp/heap/dump-*.json); do
    n=$((n + 1))
    cp -p "$f" "$work/dump-$w1-$n.json"
    gzip -9 -n "$work/dump-$w1-$n.json"
  done
  cat "$work/load.stderr" >&2; rm -f "$work/load.stderr"
  finish "$work" h3-puma-session-leak
  rm -rf "$base"
}

# h3-sidekiq-lost-dumps (105 s): Parcelhub: the puma-like web (2 workers x 3 threads, timestamped puma.log,
# lograge key=value production.log) and the Sidekiq 7 stand-in (5 threads, JSON log, ALLOC_TRACE=1). kill -URG to
# the job process at 30/60/90 % writes jobs-dump-<n>.json; the dumps reach the ticket through a git repository:
# copied without their times, committed, cloned three weeks later (all three mtimes = the clone's).
# pidstat -r -h -p on the puma master, its workers and the job process.
sidekiq_lost_dumps() {
  local seconds="${SECONDS_OVERRIDE:-105}" base=/srv/parcelhub work port
  work="$(mktemp -d)"
  deploy parcelhub
  port="$(free_port)"
  (cd "$base" && PORT="$port" exec bin/puma > log/puma.log 2>&1) &
  local puma=$!
  (cd "$base" && ALLOC_TRACE=1 exec bin/sidekiq > /dev/null 2>&1) &
  local jobs=$!
  booted "$base/log/puma.log" 2
  local w0 w1
  w0="$(worker_pid "$base/log/puma.log" 0)"; w1="$(worker_pid "$base/log/puma.log" 1)"
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  TZ=UTC LC_ALL=C pidstat -r -h -p "$puma,$w0,$w1,$jobs" 1 "$((seconds + 3))" > "$work/pidstat.txt" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" h3-sidekiq-lost-dumps "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  echo "$(hms) jobs-1 memory warning (sidekiq), web-1 looks normal" >> "$notes"
  local n=0
  for f in 30 60 90; do
    wait_until "$((start + seconds * f / 100))"
    n=$((n + 1))
    echo "$(hms) heap dump $n of sidekiq on jobs-1 (kill -URG $jobs)" >> "$notes"
    dump_now "$jobs" "$base/tmp/heap" "$notes" "a label batch was running"
    if [ "$n" = 1 ]; then
      echo "$(hms) warehouse says the label runs (LabelBatchJob) got bigger since peak season, sidekiq jumps every time one runs" >> "$notes"
    fi
  done
  wait "$load"
  sleep 1
  kill -TERM "$jobs"; wait "$jobs" || true
  kill -TERM "$puma"; wait "$puma" || true
  wait "$stat" || true
  echo "$(hms) restarted sidekiq on jobs-1; dumps pushed to the incidents repo" >> "$notes"
  cp "$base"/log/production.log "$base"/log/puma.log "$base"/log/sidekiq.log "$work/"
  local clone; clone="$(date -u -d '+21 days' '+%F 08:47:13')"
  n=0
  for f in $(ls -tr "$base"/tmp/heap/jobs-dump-*.json); do
    n=$((n + 1))
    cp "$f" "$work/jobs-dump-$n.json" # without -p: the copy's time
    gzip -9 -n "$work/jobs-dump-$n.json"
    touch -d "$clone UTC" "$work/jobs-dump-$n.json.gz"
  done
  cat "$work/load.stderr" >&2; rm -f "$work/load.stderr"
  finish "$work" h3-sidekiq-lost-dumps
  rm -rf "$base"
}

# h3-native-ext (105 s): Snapmark: the puma-like web (2 workers x 2 threads, lograge JSON) and the Sidekiq 7
# stand-in (3 threads, pretty log, ALLOC_TRACE=1); every process appends GC.stat envelopes to gc_stat.jsonl once a
# second. kill -URG to the job process at 25/55/88 % writes heapdump-<pid>-<n>.json (mtimes kept through gzip).
# pidstat -r -l -p on the puma master, its workers and the job process (full command lines).
native_ext() {
  local seconds="${SECONDS_OVERRIDE:-105}" base=/srv/snapmark work port
  work="$(mktemp -d)"
  deploy snapmark
  port="$(free_port)"
  (cd "$base" && PORT="$port" GC_STAT_FILE="$base/log/gc_stat.jsonl" exec bin/puma > log/puma.log 2>&1) &
  local puma=$!
  (cd "$base" && ALLOC_TRACE=1 GC_STAT_FILE="$base/log/gc_stat.jsonl" exec bin/sidekiq > /dev/null 2>&1) &
  local jobs=$!
  booted "$base/log/puma.log" 2
  local w0 w1
  w0="$(worker_pid "$base/log/puma.log" 0)"; w1="$(worker_pid "$base/log/puma.log" 1)"
  local notes="$work/oncall.md"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  TZ=UTC LC_ALL=C pidstat -r -l -p "$puma,$w0,$w1,$jobs" 1 "$((seconds + 3))" > "$work/pidstat.txt" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" h3-native-ext "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  echo "$(hm) paged: jobs-1 sidekiq RSS climbing since the morning's gallery publishing" >> "$notes"
  local n=0
  for f in 25 55 88; do
    wait_until "$((start + seconds * f / 100))"
    n=$((n + 1))
    echo "$(hm) heap dump $n of sidekiq (pid $jobs), ALLOC_TRACE on" >> "$notes"
    dump_now "$jobs" "$base/tmp/heap" "$notes" "a gallery digest was running"
    if [ "$n" = 2 ]; then
      echo "$(hm) diffing dumps 1 and 2: the only Ruby growth is Snapmark::GeoCache::TABLE (new places every run), will look at the GeocodeJob memo first" >> "$notes"
    fi
  done
  wait "$load"
  sleep 1
  kill -TERM "$jobs"; wait "$jobs" || true
  kill -TERM "$puma"; wait "$puma" || true
  wait "$stat" || true
  cp "$base"/log/production.log "$base"/log/puma.log "$base"/log/sidekiq.log "$base"/log/gc_stat.jsonl "$work/"
  n=0
  for f in $(ls -tr "$base"/tmp/heap/heapdump-*.json); do
    n=$((n + 1))
    cp -p "$f" "$work/heapdump-$jobs-$n.json"
    gzip -9 -n "$work/heapdump-$jobs-$n.json"
  done
  cat "$work/load.stderr" >&2; rm -f "$work/load.stderr"
  finish "$work" h3-native-ext
  rm -rf "$base"
}

# h3-healthy-sawtooth (120 s): Fernway, Capistrano layout under /srv/fernway (releases/, shared/log, current ->
# release): the puma-like web (3 workers x 3 threads, no preload, timestamped puma.log, Rails 7.0 tagged lines)
# and a Sidekiq 5.2 stand-in (4 threads); web-3 runs with MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 (its
# systemd unit's tuning: big buffers are mmapped and given back). At 40 % release 2.31.0 (9f3c2ab) goes out: new
# release dir, symlink swap, `kill -USR1` (phased restart: new workers one by one) and a sidekiq restart; at 58 %
# FareBackfillJob runs once in the new sidekiq. pidstat -r -p ALL -C 'puma|sidekiq', cut down to this run's pids afterwards.
healthy_sawtooth() {
  local seconds="${SECONDS_OVERRIDE:-120}" base=/srv/fernway work port
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids"
  release() { # name, revision
    local dir="$base/releases/$1"
    mkdir -p "$dir"; cp -r "$here/fernway/." "$dir/"
    mkdir -p "$dir/vendor"; cp "$here"/lib/*.rb "$dir/vendor/"
    ln -s "$base/shared/log" "$dir/log"; ln -s "$base/shared/tmp" "$dir/tmp"
    echo "$2" > "$dir/REVISION"
    ln -sfn "$dir" "$base/current.tmp" && mv -T "$base/current.tmp" "$base/current"
  }
  local old_rel new_rel
  old_rel="$(date -u -d '-6 days' +%Y%m%d%H%M%S)"
  release "$old_rel" "2.30.4 51d0e7b"
  port="$(free_port)"
  (cd "$base/current" && PORT="$port" RELEASE_DIR="$base/current" MALLOC_MMAP_THRESHOLD_=131072 exec bin/puma > "$base/shared/log/puma.log" 2>&1) &
  local puma=$!
  (cd "$base/current" && exec bin/sidekiq > /dev/null 2>&1) &
  local jobs=$!
  booted "$base/shared/log/puma.log" 3
  TZ=UTC LC_ALL=C pidstat -r -p ALL -C 'puma|sidekiq' 1 "$((seconds + 3))" > "$work/pidstat.all" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" h3-healthy-sawtooth "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  echo "$(hms) on call (web-3, jobs-1); itinerary PDF traffic is up with the holiday sale" >> "$notes"
  wait_until "$((start + seconds * 40 / 100))"
  echo "$(hms) deploy fernway 2.31.0 (9f3c2ab): fare rules engine, new seat map sync; phased restart of web-3, sidekiq restart" >> "$notes"
  new_rel="$(date -u +%Y%m%d%H%M%S)"
  release "$new_rel" "2.31.0 9f3c2ab"
  kill -USR1 "$puma"
  kill -TERM "$jobs"; wait "$jobs" || true
  (cd "$base/current" && ONE_OFF_AT="$((start + seconds * 58 / 100))" exec bin/sidekiq > /dev/null 2>&1) &
  jobs=$!
  sleep 4
  echo "$(hms) 2.31.0 is live on web-3 and jobs-1" >> "$notes"
  wait_until "$((start + seconds * 85 / 100))"
  local sk_mb; sk_mb="$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$jobs/status")"
  echo "$(hms) memory alert jobs-1: sidekiq RSS went from ~12 MB to ${sk_mb} MB since the 2.31.0 deploy and stays up, web-3 workers jump around 50-130 MB. Leak in 2.31.0? Looking." >> "$notes"
  wait "$load"
  sleep 1
  kill -TERM "$jobs"; wait "$jobs" || true
  kill -TERM "$puma"; wait "$puma" || true
  wait "$stat" || true
  echo "$(hms) handed logs to the fares team" >> "$notes"
  local pids
  pids="$( (sed -n 's/.*\[\([0-9]*\)\] .*/\1/p' "$base/shared/log/puma.log"; \
            sed -n 's/.*(PID: \([0-9]*\)).*/\1/p' "$base/shared/log/puma.log"; \
            sed -n 's/^[^ ]* \([0-9]*\) TID-.*/\1/p' "$base/shared/log/sidekiq.log") | sort -u)"
  awk -v pids="$(echo $pids)" 'BEGIN { n = split(pids, a, " "); for (i = 1; i <= n; i++) keep[a[i]] = 1 }
    NR == 1 { print; next } $3 == "PID" { hdr = $0; next } NF == 0 { next }
    ($3 in keep) { if (hdr != "") { print ""; print hdr; hdr = "" } print }' "$work/pidstat.all" > "$work/pidstat.txt"
  rm -f "$work/pidstat.all"
  cp "$base"/shared/log/production.log "$base"/shared/log/puma.log "$base"/shared/log/sidekiq.log "$work/"
  cat "$work/load.stderr" >&2; rm -f "$work/load.stderr"
  finish "$work" h3-healthy-sawtooth
  rm -rf "$base"
}

for incident in "${incidents[@]}"; do
  case "$incident" in
    h3-puma-session-leak) puma_session_leak ;;
    h3-sidekiq-lost-dumps) sidekiq_lost_dumps ;;
    h3-native-ext) native_ext ;;
    h3-healthy-sawtooth) healthy_sawtooth ;;
    *) echo "unknown incident $incident" >&2; exit 64 ;;
  esac
done
