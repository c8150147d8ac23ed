#!/usr/bin/env bash
# Records the holdout19-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 (gem), sysstat (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h19-puma-k8s-oomkilled-transcript-cache-beside-webhook-burst          quillbrook/  (120 s)
#     h19-puma-activejob-async-reminder-digest-beside-slow-occupancy-report tidewell/    (110 s)
#     h19-sidekiq-json-price-history-flag-beside-ledger-export-deploy-note  orrisford/   (150 s)
#     h19-unicorn-longpoll-worker-flat-offset-statements-deploy-control     brackenholt/ (110 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. H19_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h19-puma-k8s-oomkilled-transcript-cache-beside-webhook-burst
  h19-puma-activejob-async-reminder-digest-beside-slow-occupancy-report h19-sidekiq-json-price-history-flag-beside-ledger-export-deploy-note
  h19-unicorn-longpoll-worker-flat-offset-statements-deploy-control)
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
  local d="/srv/$1"
  rm -rf "$d"; mkdir -p "$d"; cp -r "$here/$1/." "$d/"; mkdir -p "$d/log" "$d/tmp/pids" "$d/lib/$1"
  cp "$here/common/rackbase.rb" "$d/lib/$1/base.rb"; }
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
workers_of() { ps -o pid= --ppid "$1" --sort=start_time | tr -d ' ' | paste -sd, -; }

# h19-puma-k8s-oomkilled-transcript-cache-beside-webhook-burst: Quillbrook's pod quillbrook-web-6d8f9c7b5-q7tlm, container
# "web" = the real puma (cluster, 2 workers x 3 threads, preload_app) run by kubelet.rb (the kubelet/cgroup stand-in: cAdvisor
# scrapes every 5 s, the OOM kill at the 256Mi limit, the restart, kubectl get pods/events -o json). lograge JSON
# (@timestamp, pid, request_id) in log/production.log. A webhook retry storm from 28 % to 46 % of the run.
record_quillbrook() {
  local seconds=${H19_SECONDS:-120} base=/srv/quillbrook dest="$out_root/h19-puma-k8s-oomkilled-transcript-cache-beside-webhook-burst" port work
  work="$(mktemp -d)"; install_app quillbrook; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (quillbrook prod, eu-west-1)" > "$notes"
  mkdir -p "$work/prom"
  ruby "$base/kubelet.rb" "$base" "$port" "$seconds" "$work/prom" 2> "$work/kubelet.stderr" &
  local kubelet=$!
  wait_port "$port"
  echo "$(hms) quillbrook-web pods keep restarting (QB-430). watching quillbrook-web-6d8f9c7b5-q7tlm; cAdvisor scrapes saved every 5 s" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" quillbrook "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 30 / 100" | bc)"
  echo "$(hms) payments provider is replaying webhooks (their incident page: retry storm). POST /webhooks/payments x3. that's our memory?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 48 / 100" | bc)"
  echo "$(hms) webhook storm over per the provider" >> "$notes"
  wait "$load" || true; wait "$kubelet" || true
  echo "$(hms) saved kubectl get pods -o json / get events -o json, copied production.log from the volume" >> "$notes"
  cp -p "$base/log/production.log" "$work/"
  mv "$work"/prom/* "$work/"; rmdir "$work/prom"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  cat "$work/kubelet.stderr" >&2; tail -5 "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h19-puma-activejob-async-reminder-digest-beside-slow-occupancy-report: Tidewell on puma cluster (2 workers x 4 threads,
# no preload_app), ActiveJob on :async inside the workers; the tagged production.log, GC.stat JSON through a Logger
# (log/gc_stat.log), puma.stdout.log, and the on-call's `while sleep 3; do date -u; cat /proc/PID/status; done` loop per
# worker (status-PID.log).
tw_status() { local p="$1"; while sleep 3 && [ -e "/proc/$p" ]; do date -u; cat "/proc/$p/status" || true; done; }
record_tidewell() {
  local seconds=${H19_SECONDS:-110} base=/srv/tidewell dest="$out_root/h19-puma-activejob-async-reminder-digest-beside-slow-occupancy-report" port work
  work="$(mktemp -d)"; install_app tidewell; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (tw-app-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 2
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  local w p samplers=()
  w="$(workers_of "$m")"
  for p in ${w//,/ }; do TZ=UTC LC_ALL=C tw_status "$p" > "$work/status-$p.log" & samplers+=($!); done
  echo "$(hms) tw-app-1 puma workers at 1.1 GB each by the evening (TW-84). restarted puma (master $m, workers $w), cat /proc/PID/status every 3 s" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" tidewell "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 40 / 100" | bc)"
  echo "$(hms) GET /reports/occupancy takes 2-3 s and pins a thread each time. the report holds the whole quarter in memory?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 75 / 100" | bc)"
  echo "$(hms) both workers still climbing, no restarts" >> "$notes"
  wait "$load" || true; sleep 2
  for p in "${samplers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, gc_stat.log, puma.stdout.log and the status loops" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "tidewell: master=$m workers=$w" >&2
  tail -5 "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h19-sidekiq-json-price-history-flag-beside-ledger-export-deploy-note: Orrisford's sidekiq (one process, concurrency 5,
# Sidekiq 7 JSON log in log/sidekiq.log), the on-call's `while sleep 2; do date; ps -o pid,rss,vsz,etime,args -p PIDS; done`
# loop (ps.log; PIDS from pgrep, so it follows the restart). At 8 % a deploy (TERM, new process), at 45 % the
# price_history_v2 flag turned on (Flipper, no restart).
of_ps() { while sleep 2; do local p; p="$(pgrep -d, -f '^sidekiq 7.2.4 orrisford' || true)"; [ -n "$p" ] || continue; date; ps -o pid,rss,vsz,etime,args -p "$p" || true; done; }
of_start() { (cd "$1" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$1" RUN_SECONDS="$2" ruby bin/sidekiq > /dev/null 2>&1) & }
record_orrisford() {
  local seconds=${H19_SECONDS:-150} base=/srv/orrisford dest="$out_root/h19-sidekiq-json-price-history-flag-beside-ledger-export-deploy-note" work
  work="$(mktemp -d)"; install_app orrisford; mkdir -p "$base/tmp/flags"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (or-jobs-2)" > "$notes"
  of_start "$base" "$seconds"; local s0=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  TZ=UTC LC_ALL=C of_ps > "$work/ps.log" &
  local sampler=$!
  local start; start="$(date +%s.%N)"
  local p0; p0="$(cat "$base/tmp/pids/sidekiq.pid")"
  echo "$(hms) or-jobs-2 sidekiq ($p0) paged for memory twice this week (OR-322). ps every 2 s from now" >> "$notes"
  wait_until "$(echo "$start + $seconds * 8 / 100" | bc)"
  kill -TERM "$p0"; wait "$s0" || true
  of_start "$base" "$(echo "$seconds * 92 / 100" | bc)"; local s1=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 2
  local p1; p1="$(cat "$base/tmp/pids/sidekiq.pid")"
  echo "$(hms) deployed r8841 (OR-311 packing slip layout) to or-jobs-2, sidekiq restarted (now $p1)" >> "$notes"
  wait_until "$(echo "$start + $seconds * 45 / 100" | bc)"
  touch "$base/tmp/flags/price_history_v2"
  echo "$(hms) config change: Flipper price_history_v2 enabled for all SKUs (OR-318, pricing team asked; no restart)" >> "$notes"
  wait_until "$(echo "$start + $seconds * 72 / 100" | bc)"
  echo "$(hms) RSS jumps ~50 MB every time Finance::LedgerExportJob runs. the ledger export again? it's been heavy since r8841?" >> "$notes"
  wait "$s1" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq.log and ps.log" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "orrisford: before deploy=$p0 after=$p1" >&2
  rm -rf "$work" "$base"
}

# h19-unicorn-longpoll-worker-flat-offset-statements-deploy-control: Brackenholt on unicorn (4 workers, preload_app; worker 3
# also listens on POLL_PORT, where the dispatch board's long polls go), the classic production.log, CONSUME MEMORY lines
# (log/memory.log), unicorn.stderr.log, `pidstat -r -p WORKERS 2` (pidstat-1.txt; after the deploy's HUP the on-call
# starts it again for the new workers: pidstat-2.txt). At 55 % a deploy (REVISION + HUP).
record_brackenholt() {
  local seconds=${H19_SECONDS:-110} base=/srv/brackenholt dest="$out_root/h19-unicorn-longpoll-worker-flat-offset-statements-deploy-control" port pport work
  work="$(mktemp -d)"; install_app brackenholt; port="$(free_port)"; pport="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (bh-web-1)" > "$notes"
  echo 7e21c40 > "$base/REVISION"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" POLL_PORT="$pport" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 4
  local m w; m="$(cat "$base/tmp/pids/unicorn.pid")"; w="$(workers_of "$m")"
  LC_ALL=C TZ=UTC pidstat -r -p "$w" 2 > "$work/pidstat-1.txt" &
  local sampler=$!
  echo "$(hms) bh-web-1: one unicorn worker always ~40 MB above the others in Grafana (BH-57). leak? pidstat -r on the workers ($w)" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" brackenholt "$port" "$seconds" "$pport" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 30 / 100" | bc)"
  echo "$(hms) each statement PDF download bumps a worker by 10-20 MB (StatementsController#show). suspect" >> "$notes"
  wait_until "$(echo "$start + $seconds * 55 / 100" | bc)"
  echo 3b9f0d2 > "$base/REVISION"
  kill -HUP "$m"
  echo "$(hms) deployed 3b9f0d2 (BH-55 depot opening hours), HUP to unicorn master $m" >> "$notes"
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 8
  sleep 1
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  local w2; w2="$(workers_of "$m")"
  LC_ALL=C TZ=UTC pidstat -r -p "$w2" 2 > "$work/pidstat-2.txt" &
  sampler=$!
  echo "$(hms) new workers $w2, pidstat again" >> "$notes"
  wait "$load" || true; sleep 2
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -QUIT "$m"; wait "$uni" || true
  echo "$(hms) copied production.log, memory.log, unicorn.stderr.log and pidstat" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "brackenholt: master=$m workers=$w then $w2 poll_port=$pport" >&2
  tail -5 "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h19-puma-k8s-oomkilled-transcript-cache-beside-webhook-burst) record_quillbrook ;;
    h19-puma-activejob-async-reminder-digest-beside-slow-occupancy-report) record_tidewell ;;
    h19-sidekiq-json-price-history-flag-beside-ledger-export-deploy-note) record_orrisford ;;
    h19-unicorn-longpoll-worker-flat-offset-statements-deploy-control) record_brackenholt ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
