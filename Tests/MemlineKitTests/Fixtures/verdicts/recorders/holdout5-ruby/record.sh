#!/usr/bin/env bash
# Records the holdout5-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5
# (ruby-puma / puma package), nginx 1.22, sysstat 12.6, bc. Runs as root: the apps run from /srv/<app> (their
# deploy path, so the paths in heap dumps are the deploy paths) and nginx runs from a scratch prefix.
#   ./record.sh [INCIDENT…]   default: all three
#     h5-puma-promo-attempts    ticketwell/ (130 s)
#     h5-sidekiq-geocode-memo   routewise/  (120 s)
#     h5-puma-gc-canary         fleetdash/  (110 s)
# H5_SECONDS=N shortens a run for a try-out. Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and
# README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h5-puma-promo-attempts h5-sidekiq-geocode-memo h5-puma-gc-canary)
export MALLOC_ARENA_MAX=2

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local t="$1" now; now="$(date +%s.%N)"; sleep "$(echo "$t - $now" | bc | sed 's/^-.*/0/')"; }
hm() { date -u +%H:%M; }
hms() { date -u +%H:%M:%S; }
ship() { # ship SRC DEST_DIR: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
booted() { # booted LOG N: wait for N puma worker boot lines
  for _ in $(seq 150); do
    local c; c="$(grep -c ' booted in ' "$1" 2>/dev/null || true)"
    [ "${c:-0}" -ge "$2" ] && return 0
    sleep 0.2
  done
  echo "puma did not boot" >&2; cat "$1" >&2; return 1
}
keep_pids() { # keep_pids FILE PID…: drop pidstat rows of other processes (other sessions run pumas too)
  local f="$1"; shift
  awk -v pids="$*" 'BEGIN { n = split(pids, a, " "); for (i = 1; i <= n; i++) keep[a[i]] = 1 }
    NR == 1 { print; next } NF == 0 { next }
    $1 == "#" || $3 == "PID" { hdr = $0; next }
    ($3 in keep) { if (hdr != "") { print ""; print hdr; hdr = "" } print }' "$f" > "$f.k" && mv "$f.k" "$f"
}

# h5-puma-promo-attempts: Ticketwell on puma (4 workers x 2 threads, preload_app, stdout_redirect), Rails 6.1-style
# tagged production.log with the around_action CONSUME MEMORY lines; worker 2 traces allocations and writes a
# since-boot ObjectSpace.dump_all on SIGWINCH at 25/55/85 %; pidstat -r -u (two blocks per second).
record_ticketwell() {
  local seconds=${H5_SECONDS:-130} base=/srv/ticketwell dest="$out_root/h5-puma-promo-attempts" port work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/ticketwell/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"
  local notes="$work/notes.md"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  echo "$(hm) cap production deploy 7.3.0 (a3f91c2) to web-1: venue photo carousel, faraday 2.7 bump; puma restarted" >> "$notes"
  (cd "$base" && PORT="$port" ALLOC_TRACE_WORKER=2 exec puma -C config/puma.rb config.ru > /dev/null 2>&1) &
  local puma=$!
  booted "$base/log/puma.stdout.log" 4
  local workers w2
  workers="$(sed -n 's/.*Worker [0-9] (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.stdout.log" | paste -sd,)"
  w2="$(sed -n 's/.*Worker 2 (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.stdout.log")"
  cp -p "$base/tmp/pids/puma.pid" "$work/" # puma removes it when it stops
  TZ=UTC LC_ALL=C pidstat -r -u -p "$puma,$workers" 1 "$((seconds + 3))" > "$work/pidstat.txt" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" ticketwell "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local n=0
  for f in 25 55 85; do
    wait_until "$((start + seconds * f / 100))"
    n=$((n + 1))
    kill -WINCH "$w2"
    case "$n" in
      1) echo "$(hm) memory alert on web-1: puma workers far above the ~60 MB they sat at before the deploy" >> "$notes"
         echo "$(hm) kill -WINCH $w2 (worker 2, ALLOC_TRACE_WORKER=2 since the restart) for heap dump 1" >> "$notes" ;;
      2) echo "$(hm) seat picker availability JSON is 20-30 MB per call and the iOS app polls it; I bet that's it" >> "$notes"
         echo "$(hm) heap dump 2 of worker 2" >> "$notes" ;;
      3) echo "$(hm) heap dump 3 of worker 2; workers still creeping" >> "$notes" ;;
    esac
  done
  wait "$load"
  sleep 2
  kill -TERM "$puma"; wait "$puma" || true
  wait "$stat" || true
  for f in "$base"/log/heapdump.*.json; do
    gzip -9 -n -c "$f" > "$work/$(basename "$f").gz"; touch -r "$f" "$work/$(basename "$f").gz"
  done
  clean "$dest"
  for f in "$base"/log/production.log "$base"/log/puma.stdout.log "$base"/log/puma.stderr.log "$work"/*; do
    case "$f" in *load.stderr) continue ;; *.gz) cp -p "$f" "$dest/" ;; *) ship "$f" "$dest" ;; esac
  done
  cat "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h5-sidekiq-geocode-memo: Routewise's job process alone (bin/sidekiq, a Sidekiq 6.5 stand-in, 6 threads, pretty
# log on stdout with ActiveJob's lines), GC.stat envelope lines once a second, pidstat -r -l (Sidekiq's process
# title); ALLOC_TRACE=1 and kill -PWR at 25/50/75 % (between the RouteOptimizeJob waves at 15/45/75/105 s). The
# dumps reach the ticket through a git repository: renamed snap-a/b/c.json.gz, mtimes those of a clone 23 days on.
record_routewise() {
  local seconds=${H5_SECONDS:-120} base=/srv/routewise dest="$out_root/h5-sidekiq-geocode-memo" work
  work="$(mktemp -d)"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/routewise/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC" > "$notes"
  (cd "$base" && RUN_SECONDS="$seconds" ALLOC_TRACE=1 exec bin/sidekiq -e production -C config/sidekiq.yml > log/sidekiq.log 2>&1) &
  local jobs=$!
  local start; start="$(date +%s.%N)"
  echo "$(hm) jobs-1 sidekiq restarted with ALLOC_TRACE=1 to chase the memory creep (OPS-1412)" >> "$notes"
  sleep 0.3
  TZ=UTC LC_ALL=C S_TIME_FORMAT=ISO pidstat -r -l -p "$jobs" 1 "$((seconds + 1))" > "$work/pidstat.txt" &
  local stat=$!
  wait_until "$(echo "$start + 18" | bc)"
  echo "$(hm) RouteOptimizeJob for the Saturday waves (~2,000-stop OSRM matrices now, was 800): jobs-1 RSS jumped the moment it started" >> "$notes"
  local n=0
  for f in 25 50 75; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1))
    kill -PWR "$jobs"
    echo "$(hm) kill -PWR $jobs, heap dump $n" >> "$notes"
  done
  wait "$jobs" || true
  wait "$stat" || true
  echo "$(hm) memory steps line up with the optimizer waves; dumps pushed to ops-notes (incidents/OPS-1412/)" >> "$notes"
  cp "$base/log/sidekiq.log" "$base/log/gc_stat.jsonl" "$base/tmp/pids/sidekiq.pid" "$work/"
  clean "$dest"
  local later; later="$(date -u -d '+23 days' +%F) 09:41:07"
  n=0
  for f in $(ls "$base"/log/heap-*-*.json | sort -t- -k3 -n); do
    local name="snap-$(echo abc | cut -c$((n + 1))).json"; n=$((n + 1))
    gzip -9 -n -c "$f" > "$dest/$name.gz"
    TZ=UTC touch -d "$later" "$dest/$name.gz"
  done
  gzip -9 -n -c "$work/gc_stat.jsonl" > "$dest/gc_stat.jsonl.gz"; touch -r "$work/gc_stat.jsonl" "$dest/gc_stat.jsonl.gz"
  rm "$work/gc_stat.jsonl"
  for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h5-puma-gc-canary: Fleetdash on puma (3 workers x 4 threads, preload_app, log_formatter with ISO times) behind
# nginx (access log with $request_time $upstream_response_time); config/puma.rb's on_worker_boot leaves the GC off
# in worker 1 (PERF-231). GC.stat once a second per worker as {"time": Unix seconds, "pid", "gc": {…}};
# pidstat -r -h every 2 s.
record_fleetdash() {
  local seconds=${H5_SECONDS:-110} base=/srv/fleetdash dest="$out_root/h5-puma-gc-canary" work run port puma_port
  work="$(mktemp -d)"; run="$(mktemp -d)"; mkdir -p "$run/tmp"
  rm -rf "$base"; mkdir -p "$base"; cp -r "$here/fleetdash/." "$base/"; rm "$base/nginx.conf.in"
  mkdir -p "$base/log" "$base/tmp/pids"
  port="$(free_port)"; puma_port="$(free_port)"
  sed "s#@RUN@#$run#g; s#@PORT@#$port#; s#@PUMA_PORT@#$puma_port#" "$here/fleetdash/nginx.conf.in" > "$run/nginx.conf"
  local notes="$work/oncall.md"
  echo "# fleet-web-2 on-call $(date -u +%F) (UTC)" > "$notes"
  echo "~$(hm) deploy 3.14.0 to fleet-web-2 (telemetry CSV export gets the 'all sensors' columns), puma restarted" >> "$notes"
  nginx -p "$run" -c "$run/nginx.conf" &
  local ngx=$!
  (cd "$base" && PORT="$puma_port" exec puma -C config/puma.rb config.ru > log/puma.log 2>&1) &
  local puma=$!
  booted "$base/log/puma.log" 3
  local workers
  workers="$(sed -n 's/.*Worker [0-9] (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.log" | paste -sd,)"
  cp -p "$base/tmp/pids/puma.pid" "$work/" # puma removes it when it stops
  TZ=UTC LC_ALL=C pidstat -r -h -p "$puma,$workers" 2 "$((seconds / 2 + 2))" > "$work/pidstat.txt" &
  local stat=$!
  sleep 1
  local start; start="$(date +%s)"
  ruby "$here/load.rb" fleetdash "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$((start + seconds * 30 / 100))"
  echo "~$(hm) fleet ops are exporting telemetry CSVs for the quarterly audit (all sensors now, 1 MB each)" >> "$notes"
  wait_until "$((start + seconds * 70 / 100))"
  echo "~$(hm) memory alert fleet-web-2: one puma worker way above the other two, host at 80 %. CSV exports again?" >> "$notes"
  wait "$load"
  sleep 2
  wait "$stat" || true
  echo "~$(hm) restarting puma on fleet-web-2 (pulled access log, gc stats and pidstat first)" >> "$notes"
  kill -TERM "$puma"; wait "$puma" || true
  kill -QUIT "$ngx"; wait "$ngx" || true
  cp "$base/log/puma.log" "$base/log/gc_stat.jsonl" "$run/access.log" "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" "$run/error.log" >&2
  rm -rf "$work" "$run" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h5-puma-promo-attempts) record_ticketwell ;;
    h5-sidekiq-geocode-memo) record_routewise ;;
    h5-puma-gc-canary) record_fleetdash ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
