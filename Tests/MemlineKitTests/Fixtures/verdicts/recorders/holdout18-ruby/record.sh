#!/usr/bin/env bash
# Records the holdout18-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1 (fiddle), Debian's puma 5.6.5,
# unicorn 6.0 (gem), sysstat (pidstat), procps, util-linux (dmesg), bc, and for the unicorn incident a writable cgroup v1
# memory hierarchy (MEMCG, default: the recorder's own memory cgroup). Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h18-puma-cluster-fiddle-label-raster-beside-depot-cache            wrenfield/    (110 s)
#     h18-unicorn-cgroup-oomkill-route-plans-beside-trips-export          thistlecombe/ (130 s)
#     h18-sidekiq5-ledger-snapshot-steps-beside-telematics-ping-deploy    ospreyhill/   (120 s)
#     h18-puma-single-threads-traffic-doubling-admin-audit-control        hazelrigg/    (110 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. H18_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h18-puma-cluster-fiddle-label-raster-beside-depot-cache
  h18-unicorn-cgroup-oomkill-route-plans-beside-trips-export h18-sidekiq5-ledger-snapshot-steps-beside-telematics-ping-deploy
  h18-puma-single-threads-traffic-doubling-admin-audit-control)
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

# h18-puma-cluster-fiddle-label-raster-beside-depot-cache: Wrenfield on puma cluster (3 workers x 3 threads, preload_app),
# allocation tracing from boot; the Rails production.log, CONSUME MEMORY lines (log/memory.log), puma.stdout.log,
# `pidstat -r -p W1,W2,W3 4`; at 25 % and 90 % every worker writes ObjectSpace.dump_all to log/wrenfield.<pid>.<time>.heapdump
# (worker 0's are shipped).
record_wrenfield() {
  local seconds=${H18_SECONDS:-110} base=/srv/wrenfield dest="$out_root/h18-puma-cluster-fiddle-label-raster-beside-depot-cache" port work
  work="$(mktemp -d)"; install_app wrenfield; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (wf-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m ws; m="$(cat "$base/tmp/pids/puma.pid")"; ws="$(workers_of "$m")"
  LC_ALL=C TZ=UTC pidstat -r -p "$ws" 4 > "$work/pidstat.txt" &
  local sampler=$!
  echo "$(hms) wf-web-1 workers at 1.1-1.3 GB each by the evening (WF-301). restarted puma (master $m, workers $ws), pidstat -r every 4 s" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" wrenfield "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! f w
  for f in 25 90; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    for w in ${ws//,/ }; do touch "$base/tmp/heapdump-$w.request"; done
    echo "$(hms) heap dump requested from each worker ($ws)" >> "$notes"
    [ "$f" = 25 ] && { wait_until "$(echo "$start + $seconds * 60 / 100" | bc)"
      echo "$(hms) the depot finder cache (DepotCache, WF-270) has no eviction. compare the dumps" >> "$notes"; }
  done
  wait "$load"; sleep 2
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, memory.log, puma.stdout.log, pidstat and the dumps (cp -p)" >> "$notes"
  # every worker dumped, but only worker 0's two dumps are shipped (11-12 MB each, ~0.7 MB gzipped)
  cp -p "$base/log/production.log" "$base/log/memory.log" "$base/log/puma.stdout.log" "$base"/log/wrenfield."${ws%%,*}".*.heapdump "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; *.heapdump) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "wrenfield: master=$m workers=$ws" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h18-unicorn-cgroup-oomkill-route-plans-beside-trips-export: Thistlecombe on unicorn (3 workers, no preload) in a memory
# cgroup (the unit's MemoryMax, set at 20 % of the run: the usage then + TC_HEADROOM MB, default 55), lograge key=value production.log with
# time/pid/request_id, unicorn.stderr.log, `date +%s; ps -o pid,ppid,rss,vsz,args -p MASTER --ppid MASTER` every 3 s, and
# the kernel's OOM reports from `dmesg -T -x` (the cgroup path rewritten to the unit's).
tc_ps() { local m="$1"; while sleep 3 && [ -e "/proc/$m" ]; do date +%s; ps -o pid,ppid,rss,vsz,args -p "$m" --ppid "$m" || true; done; }
record_thistlecombe() {
  local seconds=${H18_SECONDS:-130} base=/srv/thistlecombe dest="$out_root/h18-unicorn-cgroup-oomkill-route-plans-beside-trips-export" port work
  work="$(mktemp -d)"; install_app thistlecombe; port="$(free_port)"
  local parent cg; parent="${MEMCG:-/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)}"
  cg="$parent/h18-thistlecombe-$$"; mkdir "$cg"
  local k0; k0="$(dmesg | wc -l)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (tc-app-2)" > "$notes"
  (echo "$BASHPID" > "$cg/cgroup.procs"; cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  TZ=UTC tc_ps "$m" > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) tc-app-2 unicorn restarted (master $m) after two OOM kills overnight (TC-430). ps every 3 s" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" thistlecombe "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! killed=""
  wait_until "$(echo "$start + $seconds * 20 / 100" | bc)"
  local limit=$(( $(cat "$cg/memory.usage_in_bytes") + ${TC_HEADROOM:-55} * 1048576 ))
  echo "$limit" > "$cg/memory.limit_in_bytes"
  echo "$(hms) put MemoryMax back on the unit ($(( limit / 1048576 ))M, systemctl set-property thistlecombe.service --runtime)" >> "$notes"
  until [ -n "$killed" ] || ! kill -0 "$load" 2>/dev/null; do sleep 1; grep -q 'SIGKILL' "$base/log/unicorn.stderr.log" && killed=1; done
  [ -n "$killed" ] && { echo "$(hms) kernel OOM-killed a unicorn worker, master respawned it. the trips export was running (finance pulls it every few minutes, 100k+ rows)?" >> "$notes"; }
  wait "$load"; sleep 2
  echo "$(hms) copied production.log, unicorn.stderr.log, ps.log and the kernel's OOM report" >> "$notes"
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -QUIT "$m"; wait "$uni" || true
  dmesg -T -x | tail -n +"$(( k0 + 1 ))" | awk '/invoked oom-killer/ {on=1} on {print} /Killed process/ {on=0; reap=1; next} reap && /oom_reaper/ {print; reap=0}' > "$work/kern-oom.log"
  rmdir "$cg" 2>/dev/null || true
  local cgrel="${cg#/sys/fs/cgroup/memory}"
  sed -i "s#$cgrel#/system.slice/thistlecombe.service#g; s#${cgrel%/*}#/system.slice#g" "$work/kern-oom.log"
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "thistlecombe: master=$m limit=$limit" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h18-sidekiq5-ledger-snapshot-steps-beside-telematics-ping-deploy: Ospreyhill's single Sidekiq 5.2 process (8 threads),
# the text log (log/sidekiq.log), GC.stat JSON lines (log/gc_stat.jsonl), and `date +%s; cat /proc/PID/status` every 3 s.
# The deploy (r5512) is the restart at the start; the ledger snapshot first runs at ~30 % and then every 22 s.
oh_proc() { local p="$1"; while sleep 3 && [ -e "/proc/$p" ]; do date +%s; cat "/proc/$p/status" 2>/dev/null || true; done; }
record_ospreyhill() {
  local seconds=${H18_SECONDS:-120} base=/srv/ospreyhill dest="$out_root/h18-sidekiq5-ledger-snapshot-steps-beside-telematics-ping-deploy" work
  work="$(mktemp -d)"; install_app ospreyhill
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (oh-jobs-1)" > "$notes"
  echo "$(hms) deployed r5512 (OH-171: driver assignment scoring, new telematics gateway client) to oh-jobs-1, sidekiq restarting" >> "$notes"
  sleep 4
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" RUN_SECONDS="$seconds" \
     SNAPSHOT_FIRST=$(( seconds * 30 / 100 )) SNAPSHOT_EVERY=22 ruby bin/sidekiq -q critical -q default -q low > /dev/null 2>&1) &
  local s=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  TZ=UTC oh_proc "$s" > "$work/proc-status.log" &
  local sampler=$!
  local start; start="$(date +%s.%N)"
  echo "$(hms) sidekiq up (pid $s), sampling /proc/$s/status every 3 s" >> "$notes"
  wait_until "$(echo "$start + $seconds * 70 / 100" | bc)"
  echo "$(hms) RSS climbing since a while after the deploy. TelematicsPingJob runs the most by far (every 3 s) and came with r5512's new gateway client. revert r5512?" >> "$notes"
  wait "$s" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq.log, gc_stat.jsonl and the /proc samples" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$base/log/gc_stat.jsonl" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "ospreyhill: pid=$s" >&2
  rm -rf "$work" "$base"
}

# h18-puma-single-threads-traffic-doubling-admin-audit-control: Hazelrigg on puma single mode (2..14 threads), a tagged Rails
# production.log, puma's stdout, an ad-hoc logfmt RSS loop every 2 s (rss.log), heap dumps (log/heap-<pid>-<n>.json) at
# 30/65/95 %. Traffic doubles at 50 % (the CDN TTL change); the admin stock audit is only requested at 50-68 %.
hz_rss() { local p="$1"; while sleep 2 && [ -e "/proc/$p" ]; do
  echo "ts=$(date -u +%FT%T.%3NZ) host=hz-web-1 process=puma pid=$p rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status") threads=$(awk '/^Threads/ {print $2}' "/proc/$p/status")"; done; }
record_hazelrigg() {
  local seconds=${H18_SECONDS:-110} base=/srv/hazelrigg dest="$out_root/h18-puma-single-threads-traffic-doubling-admin-audit-control" port work
  work="$(mktemp -d)"; install_app hazelrigg; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (hz-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > "$base/log/puma.stdout.log" 2>&1) &
  local puma=$!
  wait_port "$port"
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  hz_rss "$m" > "$work/rss.log" &
  local sampler=$!
  echo "$(hms) hz-web-1 puma restarted (pid $m) for the weekend sale, watching RSS every 2 s and heap dumps" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" hazelrigg "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! f
  for f in 30 50 65 80 95; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    case "$f" in
      50) echo "$(hms) config change: CDN cache TTL for product and stock pages 300 s -> 60 s (HZ-52), origin traffic roughly doubles" >> "$notes" ;;
      80) echo "$(hms) RSS went up since the TTL change and ops ran the stock audit (/admin/stock_audit) right then. leak in the audit?" >> "$notes" ;;
      *) touch "$base/tmp/heapdump-$m.request"; echo "$(hms) heap dump requested" >> "$notes" ;;
    esac
  done
  wait "$load"; sleep 2
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied production.log, puma.stdout.log, rss.log and the dumps (cp -p)" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$base"/log/heap-*.json "$work/"
  clean "$dest"
  for f in "$work"/*; do case "$f" in *load.stderr) ;; */heap-*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "hazelrigg: pid=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h18-puma-cluster-fiddle-label-raster-beside-depot-cache) record_wrenfield ;;
    h18-unicorn-cgroup-oomkill-route-plans-beside-trips-export) record_thistlecombe ;;
    h18-sidekiq5-ledger-snapshot-steps-beside-telematics-ping-deploy) record_ospreyhill ;;
    h18-puma-single-threads-traffic-doubling-admin-audit-control) record_hazelrigg ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
