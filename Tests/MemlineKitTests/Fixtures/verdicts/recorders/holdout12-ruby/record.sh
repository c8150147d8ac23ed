#!/usr/bin/env bash
# Records the holdout12-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 + unicorn-worker-killer 0.4.4 (gems), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h12-goodjob-tax-rate-history-beside-statement-pdfs      quillby/    (100 s)
#     h12-unicorn-sticky-stock-feed-partner-killer-restart    ferncastle/ (100 s)
#     h12-supervised-telemetry-trail-restart-zone-warmup      pebbledash/ (150 s)
#     h12-puma-member-card-cache-late-fill-export-control     larchmont/  (120 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. load.rb is the traffic. H12_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n, mtimes kept); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h12-goodjob-tax-rate-history-beside-statement-pdfs h12-unicorn-sticky-stock-feed-partner-killer-restart
  h12-supervised-telemetry-trail-restart-zone-warmup h12-puma-member-card-cache-late-fill-export-control)
export MALLOC_ARENA_MAX=2
cd /; unset OLDPWD

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
free_ports() { ruby -rsocket -e 'loop { b = rand(20_000..29_000); s = (0..3).map { |i| TCPServer.new("127.0.0.1", b + i) rescue nil }
    ok = s.all?; s.compact.each(&:close); (puts b; break) if ok }'; }
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
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# h12-goodjob-tax-rate-history-beside-statement-pdfs: Quillby's web (puma single mode) and its GoodJob process, both
# writing Rails' production.log; the on-call's JSON-lines loop (rss_bytes every 2 s) over both; three dumps of the
# job process at 20/55/90 % (no allocation tracing).
qb_rss() { while kill -0 "$2" 2>/dev/null; do
    local r; for p in "$1:puma" "$2:good_job"; do r="$(rss_kb "${p%%:*}")"
      [ -n "$r" ] && printf '{"ts":"%s","host":"qb-app-1","pid":%s,"process":"%s","rss_bytes":%s}\n' "$(date -u +%FT%T.%3NZ)" "${p%%:*}" "${p##*:}" "$((r * 1024))"; done
    sleep 2; done; }
record_quillby() {
  local seconds=${H12_SECONDS:-100} base=/srv/quillby dest="$out_root/h12-goodjob-tax-rate-history-beside-statement-pdfs" port work
  work="$(mktemp -d)"; install_app quillby; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (qb-app-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  for _ in $(seq 100); do [ -s "$base/tmp/pids/puma.pid" ] && break; sleep 0.2; done; sleep 1
  (cd "$base" && HOME="$base" RUN_SECONDS="$seconds" exec bin/jobs > log/good_job.stdout.log 2>&1) &
  local jobs=$!
  wait_count "$base/log/production.log" 'GoodJob 3.21.0 started' 1
  local web; web="$(cat "$base/tmp/pids/puma.pid")"
  qb_rss "$web" "$jobs" > "$work/rss.jsonl" &
  local sampler=$!
  echo "$(hms) good_job on qb-app-1 restarted (QB-241: job box swapping, good_job at 2.2 GB this morning). RSS loop on" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" quillby "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  for f in 20 55 90; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    echo "$jobs" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump of good_job ($jobs) requested" >> "$notes"
    if [ "$f" = 55 ]; then echo "$(hms) StatementPdfJob: 240k allocations a run, the biggest thing in the job log by far. QB-199 (stream the PDF pages) again?" >> "$notes"; fi
  done
  wait "$load"; wait "$jobs" || true
  echo "$(hms) took production.log, rss.jsonl and the three dumps" >> "$notes"
  kill -TERM "$web"; wait "$puma" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$work/"
  clean "$dest"
  for f in "$base"/log/*.heap.json; do [ -e "$f" ] || continue; gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"; done
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "quillby: web=$web jobs=$jobs" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h12-unicorn-sticky-stock-feed-partner-killer-restart: Ferncastle on unicorn (3 workers, preload_app, one backend port
# per worker, the balancer's source-IP stickiness played by load.rb), lograge key=value production.log after Rails'
# Logger prefix, unicorn-worker-killer MaxRequests 290-310, the on-call's `date -Is; ps` loop every 2 s over master and
# workers.
fc_ps() { while kill -0 "$1" 2>/dev/null; do date -Is; ps -o pid,ppid,rss,vsz,args -p "$1" --ppid "$1"; sleep 2; done; }
record_ferncastle() {
  local seconds=${H12_SECONDS:-100} base=/srv/ferncastle dest="$out_root/h12-unicorn-sticky-stock-feed-partner-killer-restart" ports work
  work="$(mktemp -d)"; install_app ferncastle; ports="$(free_ports)"
  local notes="$work/notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (fc-web-3)" > "$notes"
  (cd "$base" && HOME="$base" BACKEND_PORT_BASE="$ports" exec unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local unicorn=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  TZ=UTC fc_ps "$m" > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) fc-web-3 back in the pool after the restart (FC-151: unicorn at 3.4 GB on fc-web-3 only). ps loop on" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" ferncastle "$ports" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  echo "$(hms) one worker just recycled by the worker killer (max requests); FC-61 limit too high, it should have gone long before 3 GB?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 80 / 100" | bc)"
  echo "$(hms) /healthz is a third of the box's requests, the uptime checker polls too often. FC-155 to slow it down" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) copied production.log, unicorn.stderr.log, ps.log" >> "$notes"
  cp -p "$base/tmp/pids/unicorn.pid" "$work/"
  kill -QUIT "$m"; wait "$unicorn" 2>/dev/null || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h12-supervised-telemetry-trail-restart-zone-warmup: Pebbledash (puma single mode) under its watchdog (restart above
# 44 MB RSS, logfmt line every 3 s), Rails-style tagged production.log, GC.stat envelope JSON lines every 3 s.
record_pebbledash() {
  local seconds=${H12_SECONDS:-150} base=/srv/pebbledash dest="$out_root/h12-supervised-telemetry-trail-restart-zone-warmup" port work
  work="$(mktemp -d)"; install_app pebbledash; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (pd-edge-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" MEMORY_LIMIT_KB=45056 \
     RUN_SECONDS="$((seconds + 3))" bin/watchdog) &
  local dog=$!
  for _ in $(seq 100); do [ -s "$base/tmp/pids/puma.pid" ] && break; sleep 0.2; done; sleep 1
  echo "$(hms) pebbledash restarted by hand (PD-92: watchdog restarting it every few minutes since Tuesday)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" pebbledash "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 25 / 100" | bc)"
  echo "$(hms) RSS +8 MB within seconds of the first zone lookup: the zone index (PD-60). that is the growth?" >> "$notes"
  wait "$load"; wait "$dog" || true
  grep -q 'memory limit exceeded' "$base/log/watchdog.log" && echo "$(hms) watchdog restarted pebbledash at $(grep 'memory limit exceeded' "$base/log/watchdog.log" | sed 's/^time=[^T]*T\([0-9:]*\).*/\1/' | paste -sd, -) (memory limit)" >> "$notes"
  echo "$(hms) saved production.log, gc.jsonl, watchdog.log" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/gc.jsonl" "$base/log/watchdog.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h12-puma-member-card-cache-late-fill-export-control: Larchmont on puma (2 workers x 3 threads, preload_app!), lograge
# JSON production.log, log/memory.log (CONSUME MEMORY), GC.stat JSON through a Logger per worker every 4 s; the members
# export once at 40 %. Healthy.
record_larchmont() {
  local seconds=${H12_SECONDS:-120} base=/srv/larchmont dest="$out_root/h12-puma-member-card-cache-late-fill-export-control" port work
  work="$(mktemp -d)"; install_app larchmont; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (lm-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" MALLOC_ARENA_MAX=2 PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 2
  echo "$(hms) lm-web-1 restarted (LM-60: memory alert on lm-web-1 at 1.1 GB). watching memory.log" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" larchmont "$port" "$seconds" 0.40 /admin/exports/members.csv 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 45 / 100" | bc)"
  echo "$(hms) a worker jumped ~100 MB on the members export (Admin::MemberExportsController) and has not come back down. leak in the export?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 65 / 100" | bc)"
  echo "$(hms) both workers still climbing a little with every MembersController#show; the card cache (LM-41) growing without end?" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) took production.log, memory.log, gc_stat.log, puma stdout" >> "$notes"
  cp -p "$base/tmp/pids/puma.pid" "$work/"
  kill -TERM "$(cat "$base/tmp/pids/puma.pid")"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

#MAIN
{
for i in "${incidents[@]}"; do
  case "$i" in
    h12-goodjob-tax-rate-history-beside-statement-pdfs) record_quillby ;;
    h12-unicorn-sticky-stock-feed-partner-killer-restart) record_ferncastle ;;
    h12-supervised-telemetry-trail-restart-zone-warmup) record_pebbledash ;;
    h12-puma-member-card-cache-late-fill-export-control) record_larchmont ;;
    *) echo "unknown incident $i" >&2; exit 64 ;;
  esac
done
exit 0
}
