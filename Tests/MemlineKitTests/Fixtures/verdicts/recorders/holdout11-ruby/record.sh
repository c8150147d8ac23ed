#!/usr/bin/env bash
# Records the holdout11-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1 (fiddle), Debian's puma 5.6.5,
# unicorn 6.0 (gems), sysstat 12.6 (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h11-puma-payment-ledger-beside-sailing-search        tidewick/     (110 s)
#     h11-jobs-native-label-canvas-beside-rate-cache       hollowmere/   (100 s)
#     h11-unicorn-lost-dumps-digest-worker0-export-spike    cobbleford/   (100 s)
#     h11-puma-phased-restart-recipe-lru-export-control    saffronleigh/ (130 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. load.rb is the traffic. H11_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h11-puma-payment-ledger-beside-sailing-search h11-jobs-native-label-canvas-beside-rate-cache
  h11-unicorn-lost-dumps-digest-worker0-export-spike h11-puma-phased-restart-recipe-lru-export-control)
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

# h11-puma-payment-ledger-beside-sailing-search: Tidewick on puma (2 workers x 3 threads, preload_app!), lograge JSON
# production.log, log/memory.log (CONSUME MEMORY), worker 0 traces allocations; three heap dumps of worker 0 at 20/55/90 %.
record_tidewick() {
  local seconds=${H11_SECONDS:-110} base=/srv/tidewick dest="$out_root/h11-puma-payment-ledger-beside-sailing-search" port work
  work="$(mktemp -d)"; install_app tidewick; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (tw-web-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     puma -C "$base/config/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 2
  local w0; w0="$(sed -n 's/.*Worker 0 (PID: \([0-9]*\)) booted.*/\1/p' "$base/log/puma.stdout.log" | tail -1)"
  echo "$(hms) tw-web-2 restarted at the top of the hour (TW-330: workers at 1.4 GB after two days). worker 0 traces allocations" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" tidewick "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local n=0
  for f in 20 55 90; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1)); echo "$w0" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n of worker 0 ($w0) requested" >> "$notes"
    if [ "$f" = 55 ]; then echo "$(hms) memory.log: SailingsController#search jumps 10-20 MB per request on both workers; it builds every fare combination. TW-190 (precompute fares) should fix the growth?" >> "$notes"; fi
  done
  wait "$load"; sleep 2
  echo "$(hms) took memory.log, production.log, puma stdout and the three dumps" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$(cat "$base/tmp/pids/puma.pid")"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"
  for f in "$base"/log/*.heap.json; do [ -e "$f" ] || continue; gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"; done
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h11-jobs-native-label-canvas-beside-rate-cache: Hollowmere's job process (Sidekiq 6.5 stand-in, 5 threads, Sidekiq 6
# text log), log/gc.log (GC.stat inspect through a Ruby Logger every 4 s), the on-call's memory CSV loop (every 2 s,
# VmRSS from /proc), three ObjectSpace.dump_all dumps at 15/50/85 % (no allocation tracing).
hm_csv() { echo "ts,host,pid,process,rss_kb"; while kill -0 "$1" 2>/dev/null; do
    local rss; rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null)" || true
    [ -n "$rss" ] && echo "$(date -u +%FT%TZ),hm-jobs-1,$1,sidekiq,$rss"; sleep 2; done; }
record_hollowmere() {
  local seconds=${H11_SECONDS:-100} base=/srv/hollowmere dest="$out_root/h11-jobs-native-label-canvas-beside-rate-cache" work
  work="$(mktemp -d)"; install_app hollowmere
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (hm-jobs-1)" > "$notes"
  (cd "$base" && HOME="$base" RUN_SECONDS="$seconds" exec bin/jobs > log/sidekiq.log 2>&1) &
  local jobs=$!
  echo "$jobs" > "$work/sidekiq.pid"
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  hm_csv "$jobs" > "$work/memory.csv" &
  local sampler=$!
  echo "$(hms) sidekiq on hm-jobs-1 restarted (HM-180: OOM-killed twice overnight at 3.8 GB). memory.csv loop on" >> "$notes"
  local start; start="$(date +%s.%N)"
  local n=0
  for f in 15 50 85; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1)); echo "$jobs" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n requested" >> "$notes"
    if [ "$f" = 50 ]; then echo "$(hms) dumps 1 and 2: RateCache quotes growing (Hash, Array and String from rate_cache.rb), HM-150 keys by minute. that must be it; HM-183 to cap it" >> "$notes"; fi
  done
  wait "$jobs" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) sidekiq stopped; sidekiq.log, gc.log, memory.csv and dumps saved" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$base/log/gc.log" "$work/"
  clean "$dest"
  for f in "$base"/log/heap-*.json; do [ -e "$f" ] || continue; gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"; done
  for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h11-unicorn-lost-dumps-digest-worker0-export-spike: Cobbleford on unicorn (3 workers, preload_app), Rails default
# production.log with ActiveJob lines; worker 0 runs the in-process scheduler (SiteDigestJob, PlotInspectionReminderJob);
# `pidstat -h -r` every 2 s over master and workers; the plot-holders export at 55 % through worker 2's admin port;
# three heap dumps of worker 0 at 20/50/85 %, shipped as dump-a/b/c.json.gz with their names and mtimes lost.
record_cobbleford() {
  local seconds=${H11_SECONDS:-100} base=/srv/cobbleford dest="$out_root/h11-unicorn-lost-dumps-digest-worker0-export-spike" port admin work
  work="$(mktemp -d)"; install_app cobbleford; port="$(free_port)"
  admin="$(ruby -rsocket -e 'loop { b = rand(20_000..29_000); s = (0..2).map { |i| TCPServer.new("127.0.0.1", b + i) rescue nil }
    ok = s.all?; s.compact.each(&:close); (puts b; break) if ok }')"
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (cf-web-1)" > "$notes"
  (cd "$base" && HOME="$base" PORT="$port" ADMIN_PORT_BASE="$admin" exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m w0 w1 w2; m="$(cat "$base/tmp/pids/unicorn.pid")"
  wpid() { sed -n "s/.*#\([0-9]*\)\].*worker=$1 ready.*/\1/p" "$base/log/unicorn.stderr.log" | tail -1; }
  w0="$(wpid 0)"; w1="$(wpid 1)"; w2="$(wpid 2)"
  TZ=UTC LC_ALL=C pidstat -h -r -p "$m,$w0,$w1,$w2" 2 "$((seconds / 2 + 2))" > "$work/pidstat.txt" &
  local stat=$!
  echo "$(hms) cf-web-1 restarted (CF-102: unicorn at 2.9 GB by Friday). pidstat on master + 3 workers" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" cobbleford "$port" "$seconds" 0.55 /admin/exports/plot_holders.csv "$((admin + 2))" 2> "$work/load.stderr" &
  local load=$!
  local n=0
  for f in 20 50 85; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    n=$((n + 1)); echo "$w0" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n requested on one of the workers" >> "$notes"
  done
  wait "$load"; sleep 2
  echo "$(hms) one worker jumped by 200+ MB around the plot holders export (Admin::ExportsController). CF-97 (stream the export) again? copied logs and the dumps off the box" >> "$notes"
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  wait "$stat" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"
  # the dumps came off the box by a plain cp into a scratch dir and were renamed: no pid, no mtime
  local l=a; for n in 1 2 3; do f="$base/log/heapdump-$n.json"; [ -e "$f" ] && gzip -9 -n -c "$f" > "$dest/dump-$l.json.gz"; l="$(echo "$l" | tr ab bc)"; done
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "worker pids: 0=$w0 1=$w1 2=$w2 master=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h11-puma-phased-restart-recipe-lru-export-control: Saffronleigh on puma (3 workers x 2 threads, no preload), Rails
# 7.1 production.log tagged with the request id, log/gc_stat.jsonl (GC.stat envelope per worker every 3 s), the on-call's
# JSON-lines RSS loop every 2 s over master and workers; release 4.18.3 at 35 % by a phased restart (USR1); the orders
# export once at 72 %.
sl_rss() { while kill -0 "$1" 2>/dev/null; do
    local p; for p in "$1" $(pgrep -P "$1" || true); do
      local rss args; rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)" || continue
      args="$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | sed 's/ *$//')" || continue
      [ -n "$rss" ] && printf '{"ts":"%s","host":"sl-web-1","pid":%s,"process":"%s","rss_kb":%s}\n' "$(date -u +%FT%T.%3NZ)" "$p" "$args" "$rss"
    done; sleep 2; done; }
record_saffronleigh() {
  local seconds=${H11_SECONDS:-130} base=/srv/saffronleigh dest="$out_root/h11-puma-phased-restart-recipe-lru-export-control" port work
  work="$(mktemp -d)"; install_app saffronleigh; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (sl-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     puma -C "$base/config/puma.rb" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  sl_rss "$m" > "$work/rss.jsonl" &
  local sampler=$!
  echo "$(hms) sl-web-1 on 4.18.2 (c41d9e7); RSS loop on (SL-230: memory alert yesterday evening)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" saffronleigh "$port" "$seconds" 0.72 /admin/exports/orders.csv 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 35 / 100" | bc)"
  echo "release 4.18.3 (e08b5a2)" > "$base/REVISION"
  kill -USR1 "$m"
  echo "$(hms) deploy 4.18.3 (e08b5a2) on sl-web-1: SL-226 recipe card copy, SL-229 cart totals; phased restart (USR1)" >> "$notes"
  wait_until "$(echo "$start + $seconds * 60 / 100" | bc)"
  echo "$(hms) all three workers growing again since the deploy of 4.18.3? RecipesController allocations high" >> "$notes"
  wait_until "$(echo "$start + $seconds * 80 / 100" | bc)"
  echo "$(hms) one worker +150 MB in a few seconds, someone ran the orders export (Admin::OrderExportsController). leak in the export?" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) took production.log, gc_stat.jsonl, rss.jsonl, puma stdout" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$m"; wait "$puma" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.jsonl" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

{
for i in "${incidents[@]}"; do
  case "$i" in
    h11-puma-payment-ledger-beside-sailing-search) record_tidewick ;;
    h11-jobs-native-label-canvas-beside-rate-cache) record_hollowmere ;;
    h11-unicorn-lost-dumps-digest-worker0-export-spike) record_cobbleford ;;
    h11-puma-phased-restart-recipe-lru-export-control) record_saffronleigh ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
exit 0
}
