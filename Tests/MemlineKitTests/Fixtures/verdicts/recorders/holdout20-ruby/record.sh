#!/usr/bin/env bash
# Records the holdout20-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# procps, bc, gzip. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h20-passenger-maxrequests-hold-queue-memo-beside-circulation-export   larkspur/   (120 s)
#     h20-papertrail-worker-route-snapshot-job-r14-beside-search-garbage    cindervale/ (130 s)
#     h20-puma-partner-keepalive-gc-disable-worker-beside-fleet-ledger      saltgrove/  (110 s)
#     h20-sidekiq-text-arena-plateau-nightly-rollup-deploy-control          marrowby/   (130 s)
# H20_SECONDS=N shortens a run. Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand.
# Paths: the apps run from /srv/<app>, so artifacts name /srv/<app> as the runtime wrote it (no rewriting needed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h20-passenger-maxrequests-hold-queue-memo-beside-circulation-export
  h20-papertrail-worker-route-snapshot-job-r14-beside-search-garbage h20-puma-partner-keepalive-gc-disable-worker-beside-fleet-ledger
  h20-sidekiq-text-arena-plateau-nightly-rollup-deploy-control)
cd /; unset OLDPWD

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
wait_until() { local t="$1" now; now="$(date +%s.%N)"; sleep "$(echo "$t - $now" | bc | sed 's/^-.*/0/')"; }
hms() { date -u +%H:%M:%S; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { for _ in $(seq 300); do local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"; [ "${c:-0}" -ge "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 x '$2' in $1" >&2; return 1; }
install_app() { local d="/srv/$1"; rm -rf "$d"; mkdir -p "$d"; cp -r "$here/$1/." "$d/"; mkdir -p "$d/log" "$d/tmp/pids"; }
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
workers_of() { ps -o pid= --ppid "$1" --sort=start_time | tr -d ' ' | paste -sd, -; }

# h20-passenger-maxrequests-hold-queue-memo-beside-circulation-export: Larkspur behind a Passenger stand-in (core.rb: the
# core, an AppPreloader, 3 RubyApp processes, PassengerMaxRequests 45, Passenger's debug-level spawn/attach/detach lines in
# log/passenger.log), Rails through syslog (log/production.log, "Mon DD HH:MM:SS host rails[PID]:"), and the on-call's
# `while sleep 2; do date; ps aux | awk 'NR == 1 || $11 == "Passenger"'; done` loop (ps.log).
lk_ps() { while sleep 2; do date; ps aux | awk 'NR == 1 || $11 == "Passenger"'; done; }
record_larkspur() {
  local seconds=${H20_SECONDS:-120} base=/srv/larkspur dest="$out_root/h20-passenger-maxrequests-hold-queue-memo-beside-circulation-export" port work
  work="$(mktemp -d)"; install_app larkspur; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (lk-web-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" ruby core.rb "$base" "$port" "$seconds" 2> "$work/core.stderr") &
  local core=$!
  wait_port "$port"
  TZ=UTC LC_ALL=C lk_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) lk-web-2: app memory creeping again since LK-210 shipped; PassengerMaxRequests 45 is holding it. which endpoint? ps every 2 s" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" larkspur "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 35 / 100" | bc)"
  echo "$(hms) a RubyApp jumped ~60 MB right after a /reports/circulation.csv export. the circulation export is our leak?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 70 / 100" | bc)"
  echo "$(hms) processes recycled every ~45 requests as configured, none gets past ~100 MB" >> "$notes"
  wait "$load" || true; wait "$core" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied passenger.log, production.log (syslog) and ps.log" >> "$notes"
  cp -p "$base/log/passenger.log" "$base/log/production.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  tail -n 5 "$work/core.stderr" "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h20-papertrail-worker-route-snapshot-job-r14-beside-search-garbage: Cindervale on a Heroku stand-in (drain.rb: router,
# log-runtime-metrics every ~20 s, R14, formation web.1 + web.2 (web.rb) and worker.1 (worker.rb, Sidekiq 7 text lines)),
# its logs as Papertrail's hourly archives (YYYY-MM-DD-HH.tsv.gz, gzipped as Papertrail serves them).
record_cindervale() {
  local seconds=${H20_SECONDS:-130} base=/srv/cindervale dest="$out_root/h20-papertrail-worker-route-snapshot-job-r14-beside-search-garbage" port work
  work="$(mktemp -d)"; install_app cindervale; port="$(free_port)"
  local notes="$work/oncall-notes.txt"; mkdir -p "$work/archive"
  echo "# on-call notes $(date -u +%F) UTC (cindervale production, Heroku)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" ruby drain.rb "$base" "$port" "$seconds" "$work/archive" 2> "$work/drain.stderr") &
  local drain=$!
  wait_port "$port"
  echo "$(hms) restarted the formation after last night's R14 storm (CV-930); Papertrail archives will be pulled after" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" cindervale "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 40 / 100" | bc)"
  echo "$(hms) Scout: /search allocates ~1M objects per request and GC time on web is through the roof. that's the memory hog?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 65 / 100" | bc)"
  echo "$(hms) DeliveryWebhookJob runs non-stop on worker.1 (carrier webhooks). suspect #2" >> "$notes"
  wait "$load" || true; wait "$drain" || true
  echo "$(hms) downloaded the hourly archives from Papertrail" >> "$notes"
  local f; for f in "$work"/archive/*.tsv; do gzip -9 -n "$f"; mv "$f.gz" "$work/"; done; rmdir "$work/archive"
  clean "$dest"; for f in "$work"/*; do case "$f" in *.stderr) ;; *) cp -p "$f" "$dest/" ;; esac; done
  tail -n 5 "$work/drain.stderr" "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h20-puma-partner-keepalive-gc-disable-worker-beside-fleet-ledger: Saltgrove on Debian's puma 5.6.5 (cluster, 3 workers x
# 3 threads, preload_app!). The partner's bulk sync posts manifests on ONE keep-alive connection, so one worker serves it;
# the vendored manifest_xml turns GC off there for good. Artifacts: lograge key=value production.log, memory.log (CONSUME
# MEMORY), gc_stat.log (JSON envelopes {time, pid, worker, gc_stat}), puma.stdout.log.
record_saltgrove() {
  local seconds=${H20_SECONDS:-110} base=/srv/saltgrove dest="$out_root/h20-puma-partner-keepalive-gc-disable-worker-beside-fleet-ledger" port work
  work="$(mktemp -d)"; install_app saltgrove; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (sg-web-3)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m w; m="$(cat "$base/tmp/pids/puma.pid")"; w="$(workers_of "$m")"
  echo "$(hms) sg-web-3 puma (master $m, workers $w) restarted for SG-140: memory alarms after every fleet ledger export. watching memory.log and gc_stat.log" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" saltgrove "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 35 / 100" | bc)"
  echo "$(hms) every /exports/fleet-ledger.csv adds 40-60 MB to whichever worker serves it (CONSUME MEMORY). that's it?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 75 / 100" | bc)"
  echo "$(hms) partner bulk sync (Partner::ManifestsController) running all along as every night" >> "$notes"
  wait "$load" || true; sleep 2
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, memory.log, gc_stat.log and puma.stdout.log" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "saltgrove: master=$m workers=$w" >&2
  tail -n 5 "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h20-sidekiq-text-arena-plateau-nightly-rollup-deploy-control: Marrowby's jobs box, a Sidekiq 5.2 stand-in (bin/sidekiq,
# concurrency 6, Sidekiq 5 text log in log/sidekiq.log) sampled by the on-call's logfmt loop (rss.log: every 2 s, each pid
# pgrep finds, `<time> pid=… process=sidekiq rss_kb=…` from /proc/PID/status; it follows the restart). MonthEndPayrollRollupJob runs twice before and three times after a deploy at 45 % (TERM, new process).
mb_rss() { while sleep 2; do local p; for p in $(pgrep -f '^sidekiq 5.2.10 marrowby' || true); do
  echo "$(date -u +%FT%TZ) pid=$p process=sidekiq rss_kb=$(awk '/^VmRSS/ {print $2}' /proc/$p/status 2>/dev/null)"; done; done; }
mb_start() { (cd "$1" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$1" RUN_SECONDS="$2" HUNGRY_AT="$3" ruby bin/sidekiq > /dev/null 2>&1) & }
record_marrowby() {
  local seconds=${H20_SECONDS:-130} base=/srv/marrowby dest="$out_root/h20-sidekiq-text-arena-plateau-nightly-rollup-deploy-control" work
  work="$(mktemp -d)"; install_app marrowby
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (mb-jobs-1)" > "$notes"
  local d1 d2; d1="$(echo "$seconds * 45 / 100" | bc)"; d2="$(echo "$seconds - $d1" | bc)"
  mb_start "$base" "$d1" "$(echo "$seconds * 8 / 100; $seconds * 25 / 100" | bc | paste -sd, -)"; local s0=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  mb_rss > "$work/rss.log" &
  local sampler=$!
  local start; start="$(date +%s.%N)"
  local p0; p0="$(cat "$base/tmp/pids/sidekiq.pid")"
  echo "$(hms) mb-jobs-1 sidekiq ($p0) sits at ~300 MB after month-end runs and never gives it back (MB-61). leak? logging VmRSS every 2 s" >> "$notes"
  wait "$s0" || true
  mb_start "$base" "$d2" "$(echo "$seconds * 7 / 100; $seconds * 24 / 100; $seconds * 41 / 100" | bc | paste -sd, -)"; local s1=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 2
  local p1; p1="$(cat "$base/tmp/pids/sidekiq.pid")"
  echo "$(hms) deployed r5521 (MB-77 payslip footer) to mb-jobs-1, sidekiq restarted (now $p1)" >> "$notes"
  wait_until "$(echo "$start + $seconds * 75 / 100" | bc)"
  echo "$(hms) RSS back up ~200 MB since the deploy, right after MonthEndPayrollRollupJob ran. the rollup again, or r5521?" >> "$notes"
  wait "$s1" || true; sleep 2
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq.log and rss.log" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "marrowby: before deploy=$p0 after=$p1" >&2
  rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h20-passenger-maxrequests-hold-queue-memo-beside-circulation-export) record_larkspur ;;
    h20-papertrail-worker-route-snapshot-job-r14-beside-search-garbage) record_cindervale ;;
    h20-puma-partner-keepalive-gc-disable-worker-beside-fleet-ledger) record_saltgrove ;;
    h20-sidekiq-text-arena-plateau-nightly-rollup-deploy-control) record_marrowby ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
