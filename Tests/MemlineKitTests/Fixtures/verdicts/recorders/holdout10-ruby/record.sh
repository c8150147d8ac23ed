#!/usr/bin/env bash
# Records the holdout10-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5, unicorn 6.0
# and unicorn-worker-killer 0.4.4 (gems), sysstat 12.6 (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h10-unicorn-oom-killer-slot-planner-beside-manifests   kestrelpost/  (110 s)
#     h10-sidekiq5-plate-index-beside-trip-rollups          tollgate/     (120 s)
#     h10-puma-deploy-rollback-availability-memo            larkspur/ + larkspur-2026.12.06.2/ (110 s)
#     h10-puma-single-journey-lru-export-control            marrowby/     (110 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. load.rb is the traffic. H10_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h10-unicorn-oom-killer-slot-planner-beside-manifests h10-sidekiq5-plate-index-beside-trip-rollups
  h10-puma-deploy-rollback-availability-memo h10-puma-single-journey-lru-export-control)
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
  [ -d "/srv/$1/lib/$1" ] && cp "$here/common/rackbase.rb" "/srv/$1/lib/$1/base.rb"; return 0; }

# h10-unicorn-oom-killer-slot-planner-beside-manifests: Kestrelpost on unicorn (3 workers, preload) with
# unicorn-worker-killer Oom; lograge key=value production.log; `date -Is` + ps -o pid,ppid,rss,vsz,etimes,args every 2 s.
kp_ps() { while kill -0 "$1" 2>/dev/null; do
    local p; p="$(pgrep -d, -f 'unicorn.*kestrelpost' || true)"
    [ -n "$p" ] && { date -Is; ps -o pid,ppid,rss,vsz,etimes,args -p "$p"; }
    sleep 2; done; }
record_kestrelpost() {
  local seconds=${H10_SECONDS:-110} base=/srv/kestrelpost dest="$out_root/h10-unicorn-oom-killer-slot-planner-beside-manifests" port work
  work="$(mktemp -d)"; install_app kestrelpost; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (kp-web-3)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  kp_ps "$m" > "$work/ps-samples.log" &
  local sampler=$!
  echo "$(hms) kp-web-3 back in the pool after the kernel update; watching it (KP-240: workers recycled all night)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" kestrelpost "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 55 / 100" | bc)"
  echo "$(hms) worker killer fired on kp-web-3 again. manifest PDFs (ManifestsController) allocate 100k+ strings each, that's the RSS. KP-219 (stream manifests) again?" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) took production.log, unicorn.stderr.log, ps samples" >> "$notes"
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h10-sidekiq5-plate-index-beside-trip-rollups: Tollgate's job process (Sidekiq 5.2 stand-in, 6 threads, Sidekiq 5
# text log on stdout), `date` + `ps u -p PID` every 2 s, three ObjectSpace.dump_all dumps at 20/55/90 % (no
# allocation tracing).
tg_ps() { while kill -0 "$1" 2>/dev/null; do TZ=UTC LC_ALL=C date; ps u -p "$1" || true; sleep 2; done; }
record_tollgate() {
  local seconds=${H10_SECONDS:-120} base=/srv/tollgate dest="$out_root/h10-sidekiq5-plate-index-beside-trip-rollups" work
  work="$(mktemp -d)"; install_app tollgate
  local notes="$work/oncall.md"
  echo "## tg-jobs-1 $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && HOME="$base" RUN_SECONDS="$seconds" exec bin/sidekiq > log/sidekiq.log 2>&1) &
  local jobs=$!
  echo "$jobs" > "$work/sidekiq.pid"
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  tg_ps "$jobs" > "$work/ps-u.log" &
  local sampler=$!
  echo "$(hms) sidekiq restarted on tg-jobs-1 (TG-351: 2.1 GB after three days); dumps on request" >> "$notes"
  local start; start="$(date +%s.%N)"
  local n=0
  for f in 20 55 90; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1)); echo "$jobs" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n requested" >> "$notes"
    if [ "$f" = 55 ]; then echo "$(hms) TripAggregationJob is the one that churns: 8k rows of 1 KB per run, 80 runs a minute. TG-298 (stream the CSV) first?" >> "$notes"; fi
  done
  wait "$jobs" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) sidekiq stopped for the night; log, ps and the dumps saved" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$work/"
  clean "$dest"
  for f in "$base"/log/*.heap.json; do [ -e "$f" ] || continue; gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"; done
  for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h10-puma-deploy-rollback-availability-memo: Larkspur on puma (3 workers x 1 thread, no preload), Rails 6.1 default
# production.log; its Sidekiq 6.5 stand-in (JSON log) runs beside it all along; logfmt RSS lines from a sampling loop
# every 2 s; a config change at 10 %, release 2026.12.06.2 at 30 % and the rollback to 2026.12.06.1 at 72 % (both
# hot restarts, USR2), written by the deploy tool to deploy.log and by the on-call to the notes.
ls_rss() { while kill -0 "$1" 2>/dev/null; do
    local p; for p in $(pgrep -f 'puma.*larkspur|sidekiq.*larkspur' || true); do
      local rss args proc; rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)" || continue
      args="$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null)" || continue
      case "$args" in *"cluster worker"*) proc="puma-worker-$(echo "$args" | sed 's/.*cluster worker \([0-9]*\).*/\1/')" ;;
        sidekiq*) proc=sidekiq ;; *) proc=puma-master ;; esac
      [ -n "$rss" ] && echo "ts=$(date -u +%FT%T.%3NZ) host=ls-web-1 process=$proc pid=$p rss=$(echo "scale=1; $rss / 1024" | bc)MB"
    done; sleep 2; done; }
record_larkspur() {
  local seconds=${H10_SECONDS:-110} base=/srv/larkspur dest="$out_root/h10-puma-deploy-rollback-availability-memo" port work
  work="$(mktemp -d)"; install_app larkspur; port="$(free_port)"
  local notes="$work/oncall-notes.txt" deploys="$work/deploy.log"
  echo "# on-call notes $(date -u +%F) UTC (ls-web-1)" > "$notes"
  echo "# deploy log ls-web-1 $(date -u +%F) UTC" > "$deploys"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     puma -C "$base/config/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted in ' 3
  (cd "$base" && HOME="$base" RUN_SECONDS="$((seconds + 2))" exec bin/sidekiq > log/sidekiq.log 2>&1) &
  local jobs=$!
  ls_rss "$puma" > "$work/rss.log" &
  local sampler=$!
  echo "$(hms) ls-web-1 on 2026.12.06.1 since this morning; RSS loop on (LS-410)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" larkspur "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 10 / 100" | bc)"
  echo "$(hms) config change on ls-web-1: DATABASE_POOL 5 -> 8, RAILS_LOG_LEVEL info (LS-377), env file only, applied at next restart" >> "$notes"
  echo "$(hms) config change applied by tom: DATABASE_POOL=8 RAILS_LOG_LEVEL=info (LS-377)" >> "$deploys"
  wait_until "$(echo "$start + $seconds * 30 / 100" | bc)"
  echo "$(hms) deploy 2026.12.06.2 (9f3ce21) started by mira: LS-402 availability cache, LS-399 reminder copy" >> "$deploys"
  cp -r "$here/larkspur-2026.12.06.2/." "$base/"
  kill -USR2 "$(cat "$base/tmp/pids/puma.pid")"
  echo "$(hms) deploy 2026.12.06.2 (9f3ce21) finished: puma hot restart (USR2)" >> "$deploys"
  echo "$(hms) deploy 2026.12.06.2 (9f3ce21) out on ls-web-1" >> "$notes"
  wait_until "$(echo "$start + $seconds * 62 / 100" | bc)"
  echo "$(hms) ls-web-1 puma workers climbing since ~the deploy; sidekiq jumping around too (LabResultsImportJob). rolling back to be safe" >> "$notes"
  wait_until "$(echo "$start + $seconds * 72 / 100" | bc)"
  echo "$(hms) rollback to 2026.12.06.1 (41ab0d7) started by mira (LS-411)" >> "$deploys"
  cp "$here/larkspur/lib/larkspur/availability.rb" "$base/lib/larkspur/availability.rb"; cp "$here/larkspur/REVISION" "$base/REVISION"
  kill -USR2 "$(cat "$base/tmp/pids/puma.pid")"
  echo "$(hms) rollback to 2026.12.06.1 (41ab0d7) finished: puma hot restart (USR2)" >> "$deploys"
  echo "$(hms) rolled back to 2026.12.06.1 (41ab0d7)" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) workers flat again after the rollback; LS-402 reopened" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$(cat "$base/tmp/pids/puma.pid")"; wait "$puma" || true
  wait "$jobs" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$base/log/sidekiq.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h10-puma-single-journey-lru-export-control: Marrowby on puma single mode (4 threads), Rails 7.0 production.log tagged
# with the request id, log/memory.log (CONSUME MEMORY around filter), log/gc_stats.log (GC.stat JSON envelope every
# 3 s), pidstat -r every 2 s. The journey LRU (220 plans) fills until ~65 % of the run; one ridership export at 45 %.
record_marrowby() {
  local seconds=${H10_SECONDS:-110} base=/srv/marrowby dest="$out_root/h10-puma-single-journey-lru-export-control" port work
  work="$(mktemp -d)"; install_app marrowby; port="$(free_port)"
  local notes="$work/notes.md"
  echo "## mb-api-2 $(date -u +%F) (UTC)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     puma -C "$base/config/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  # single mode writes only the startup line to the redirected stdout: wait for the pid file and the port
  for _ in $(seq 100); do [ -s "$base/tmp/pids/puma.pid" ] && ruby -rsocket -e "TCPSocket.new('127.0.0.1', $port).close" 2>/dev/null && break; sleep 0.2; done
  local p; p="$(cat "$base/tmp/pids/puma.pid")"
  TZ=UTC LC_ALL=C pidstat -r -p "$p" 2 "$((seconds / 2 + 1))" > "$work/pidstat.txt" &
  local stat=$!
  echo "$(hms) mb-api-2 restarted this morning with the new timetable feed; RSS keeps creeping (MB-151), watching" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" marrowby "$port" "$seconds" 0.45 /admin/exports/ridership.csv 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  echo "$(hms) RSS alert mb-api-2: puma jumped by 100+ MB in seconds. Someone ran the ridership export (Admin::ExportsController)?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 80 / 100" | bc)"
  echo "$(hms) still climbing slowly since the restart? journey cache is capped at 220 (MB-140)" >> "$notes"
  wait "$load"; wait "$stat" || true
  echo "$(hms) took memory.log, gc_stats.log, pidstat; leaving it running" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$p"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/gc_stats.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}


{
for i in "${incidents[@]}"; do
  case "$i" in
    h10-unicorn-oom-killer-slot-planner-beside-manifests) record_kestrelpost ;;
    h10-sidekiq5-plate-index-beside-trip-rollups) record_tollgate ;;
    h10-puma-deploy-rollback-availability-memo) record_larkspur ;;
    h10-puma-single-journey-lru-export-control) record_marrowby ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
exit 0
}
