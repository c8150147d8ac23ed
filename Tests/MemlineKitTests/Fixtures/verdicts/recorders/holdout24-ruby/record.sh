#!/usr/bin/env bash
# Records the holdout24-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (ruby, with fiddle
# and zlib), ruby-rack 2.2, Debian's puma 5.6.5 (puma), Debian's unicorn 6.x (unicorn), sysstat (pidstat), procps,
# gzip, coreutils. The apps run from /srv/<app>, so the artifacts name /srv/<app> as the runtime wrote it.
#   ./record.sh [INCIDENT…]   default: all four, two at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h24-puma-cluster-lowick-gc-off-worker-slot-beside-phased-deploy-throughput-csv   lowick/    (140 s)
#     h24-unicorn-brantwood-note-audit-trail-beside-occupancy-pdf-timeout-respawn        brantwood/ (140 s)
#     h24-sidekiq-quernmoor-native-manifest-staging-beside-rate-history-lost-dumps      quernmoor/ (125 s, no web)
#     h24-puma-rails-tansley-bounded-recipe-cache-restart-slow-report-note-control       tansley/   (145 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h24-puma-cluster-lowick-gc-off-worker-slot-beside-phased-deploy-throughput-csv
  h24-sidekiq-quernmoor-native-manifest-staging-beside-rate-history-lost-dumps
  h24-unicorn-brantwood-note-audit-trail-beside-occupancy-pdf-timeout-respawn
  h24-puma-rails-tansley-bounded-recipe-cache-restart-slow-report-note-control)
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

# h24-puma-cluster-lowick-gc-off-worker-slot-beside-phased-deploy-throughput-csv: Lowick parcel tracking on puma (3
# workers x 3 threads, no preload) in a Capistrano-like layout; config/puma.rb's on_worker_boot turns GC off in worker
# slot 1 (LW-233 canary left on). Release v4.12.0 is deployed ~80 s in (phased restart, SIGUSR1): worker 1 comes back
# GC-less. Artifacts: Rack::CommonLogger access.log, GC.stat envelopes per worker every 5 s (gc_stat.log), `pidstat -r
# -l -C '^puma' 5`, puma.stdout.log, deploy.log, two heap dumps of worker 0 (before the deploy), notes.md.
lw_release() { local d=/srv/lowick/releases/$1; mkdir -p "$d"; cp -r "$here/lowick/." "$d/"; echo "$2" > "$d/REVISION"; }
record_lowick() {
  local seconds; seconds="$(s 140)"; local base=/srv/lowick dest="$out_root/h24-puma-cluster-lowick-gc-off-worker-slot-beside-phased-deploy-throughput-csv" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids"; port="$(free_port)"
  local r0; r0="$(date -u -d '-2 days -3 hours' +%Y%m%d%H%M%S)"; lw_release "$r0" 71d0b3e; ln -sfn "$base/releases/$r0" "$base/current"
  local notes="$work/notes.md" deploylog="$base/shared/log/deploy.log"
  echo "$(date -u -d '-2 days -3 hours' '+%F %T UTC') lowick deploy v4.11.3 (71d0b3e) by mira: release $r0 linked, puma phased-restart sent" > "$deploylog"
  printf '# lw-web-2 on-call notes, %s (UTC)\n\n' "$(date -u +%F)" > "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" PORT="$port" PWD="$base/current" puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/shared/log/puma.stdout.log" ' booted' 3
  local m start; m="$(cat "$base/shared/tmp/pids/puma.pid")"; start="$(date +%s)"
  (cd "$work" && LC_ALL=C TZ=UTC exec pidstat -r -l -C '^puma' 5) > "$work/pidstat.txt" &
  local sampler=$!
  echo "- $(date -u +%H:%M:%S) paged: lw-web-2 puma RSS alert (LW-540). pidstat -r every 5 s on all puma processes; gc probe already on" >> "$notes"
  ruby "$here/load.rb" lowick "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local rel; rel="$(date -u +%Y%m%d%H%M%S)"; lw_release "$rel" 9c3e1fa
  at "$start" 25; touch "$base/shared/tmp/heapdump-0"
  echo "- $(date -u +%H:%M:%S) heap dump of worker 0 (touch tmp/heapdump-0)" >> "$notes"
  at "$start" 55
  echo "- $(date -u +%H:%M:%S) depot-throughput.csv hits every ~20 s, each one builds the whole 30-day CSV in memory. one worker well above the others, guess it served more of them" >> "$notes"
  at "$start" 70; touch "$base/shared/tmp/heapdump-0"
  echo "- $(date -u +%H:%M:%S) second heap dump of worker 0" >> "$notes"
  at "$start" 80
  ln -sfn "$base/releases/$rel" "$base/current.tmp"; mv -T "$base/current.tmp" "$base/current"; kill -USR1 "$m"
  echo "$(date -u '+%F %T UTC') lowick deploy v4.12.0 (9c3e1fa) by mira: release $rel linked, puma phased-restart sent" >> "$deploylog"
  echo "- $(date -u +%H:%M:%S) mira shipped v4.12.0 (9c3e1fa, LW-531 depot page copy + scan batching), phased restart" >> "$notes"
  at "$start" 125
  echo "- $(date -u +%H:%M:%S) memory right back up after v4.12.0. scan batching? asking mira to roll back to v4.11.3" >> "$notes"
  wait "$load" || true; sleep 4
  stop_bg "$sampler"
  kill -TERM "$m"; wait "$puma" || true
  cp -p "$base/shared/log/access.log" "$base/shared/log/gc_stat.log" "$base/shared/log/puma.stdout.log" "$deploylog" "$work/"
  local f; for f in "$base"/shared/tmp/heap.*.json; do cp -p "$f" "$work/"; done
  echo "- $(date -u +%H:%M:%S) copied access.log, gc_stat.log, puma.stdout.log, deploy.log, pidstat and the dumps to LW-540" >> "$notes"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "lowick: master=$m" >&2; grep -h 'Worker' "$base/shared/log/puma.stdout.log" >&2; tail -n 3 "$work/load.stderr" "$base/shared/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

# h24-unicorn-brantwood-note-audit-trail-beside-occupancy-pdf-timeout-respawn: Brantwood lodge bookings on unicorn (3
# workers, no preload, timeout 25, HEAP_TRACE=1). POST /api/bookings/:id/notes keeps a ~240 KB audit snapshot per note
# in NoteAudit::TRAIL; GET /reports/occupancy.pdf every ~16 s builds ~15 MB of short-lived strings; one POST
# /admin/rates/rebuild at 6 s runs 40 s and unicorn kills and respawns its worker. Artifacts: lograge JSON
# production.log, unicorn.stderr.log, the on-call's `while sleep 12; do date -Is; ps -o pid,ppid,rss,vsz,etime,args -C unicorn; done`,
# three heap dumps of worker 0 (heap-PID-N.json, mtimes kept by cp -p), oncall-notes.txt.
bw_ps() { while sleep 12; do date -Is; ps -o pid,ppid,rss,vsz,etime,args -C unicorn || true; done; }
record_brantwood() {
  local seconds; seconds="$(s 140)"; local base=/srv/brantwood dest="$out_root/h24-unicorn-brantwood-note-audit-trail-beside-occupancy-pdf-timeout-respawn" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/brantwood/." "$base/"; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (bw-app-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" PORT="$port" HEAP_TRACE=1 unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m start; m="$(cat "$base/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  TZ=UTC bw_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(date -u +%H:%M) bw-app-1 memory alert again (BW-160). ps every 12 s" >> "$notes"
  ruby "$here/load.rb" brantwood "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 40; touch "$base/tmp/heapdump-0"
  echo "$(date -u +%H:%M) a worker got killed for timeout (rates rebuild from the admin, BW-140) and came back. heap dump 1 of worker 0" >> "$notes"
  at "$start" 85; touch "$base/tmp/heapdump-0"
  echo "$(date -u +%H:%M) heap dump 2. RSS jumps 10-20 MB in a step whenever someone pulls occupancy.pdf" >> "$notes"
  at "$start" 130; touch "$base/tmp/heapdump-0"
  echo "$(date -u +%H:%M) heap dump 3. it's the occupancy report, will ask finance to stop pulling it until BW-149 (stream it) lands" >> "$notes"
  wait "$load" || true; sleep 5
  stop_bg "$sampler"
  kill -QUIT "$m"; wait "$uni" || true
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  local f; for f in "$base"/tmp/heap-*.json; do cp -p "$f" "$work/"; done
  echo "$(date -u +%H:%M) attached production.log, unicorn.stderr.log, ps.log and the heap dumps to BW-160" >> "$notes"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "brantwood: master=$m" >&2; grep -h 'worker=\|timeout\|reaped' "$base/log/unicorn.stderr.log" >&2; tail -n 3 "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h24-sidekiq-quernmoor-native-manifest-staging-beside-rate-history-lost-dumps: Quernmoor's job process (Sidekiq 6.5
# text log, 3 threads). ManifestArchiveJob stages each ~3 MB manifest in Fiddle::Pointer.malloc (no free function),
# every 2 s in two lorry-intake windows (26-56 s and 84-110 s after boot); MillRateSyncJob keeps every price board in
# HISTORY (small, Ruby); GrainLedgerRollupJob churns garbage. Artifacts: sidekiq.log, gc.log (GC.stat in Logger lines
# every 10 s), `pidstat -r -p PID 4` (UTC), three heap dumps (SIGUSR2) named heap-1..3.json, copied off days later
# (mtimes set to the copy time with touch -d), notes.md.
record_quernmoor() {
  local seconds; seconds="$(s 125)"; local base=/srv/quernmoor dest="$out_root/h24-sidekiq-quernmoor-native-manifest-staging-beside-rate-history-lost-dumps" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/quernmoor/." "$base/"
  local notes="$work/notes.md"
  printf '## qm-jobs-1, %s (UTC)\n\n' "$(date -u +%F)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC HOME="$base" RUN_SECONDS="$seconds" ruby bin/worker) &
  local job=$!
  wait_file "$base/tmp/pids/sidekiq.pid"
  local p start; p="$(cat "$base/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  LC_ALL=C TZ=UTC pidstat -r -p "$p" 4 > "$work/pidstat.txt" &
  local sampler=$!
  echo "* $(date -u +%H:%M) qm-jobs-1 sidekiq ($p) swapping again (QM-140). pidstat every 4 s, dumps by kill -USR2" >> "$notes"
  at "$start" 20; kill -USR2 "$p"; echo "* $(date -u +%H:%M) heap-1.json" >> "$notes"
  at "$start" 62; kill -USR2 "$p"; echo "* $(date -u +%H:%M) heap-2.json" >> "$notes"
  at "$start" 80
  echo "* $(date -u +%H:%M) MillRateSyncJob::HISTORY keeps every price board it ever fetched (QM-88), that has to be it. GrainLedgerRollupJob is the heavy one (20k tickets a run) but it's been like that for months" >> "$notes"
  at "$start" 108; kill -USR2 "$p"; echo "* $(date -u +%H:%M) heap-3.json. will diff the dumps at home" >> "$notes"
  wait "$job" || true; sleep 3
  stop_bg "$sampler"
  cp -p "$base/log/sidekiq.log" "$base/log/gc.log" "$work/"
  local n copy; copy="$(date -u -d '+2 days +5 hours' '+%F %H:%M')"
  for n in 1 2 3; do cp "$base/tmp/heap-$n.json" "$work/"; touch -d "$copy:0$n UTC" "$work/heap-$n.json"; done
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "quernmoor: pid=$p" >&2; grep -c 'INFO: done' "$base/log/sidekiq.log" >&2
  rm -rf "$work" "$base"
}

# h24-puma-rails-tansley-bounded-recipe-cache-restart-slow-report-note-control: Tansley recipe shop on puma single mode
# (4 threads, MALLOC_ARENA_MAX=2) in Europe/Berlin local time. Rails-style tagged production.log, GC.stat envelopes
# {time, pid, host, stat} every 6 s (gc_stat.jsonl), the on-call's `while sleep 8; do date -Is; ps -o pid,rss,vsz,etime,args -C puma; done`,
# puma.stdout.log. RecipeCache holds at most 45 rendered pages (plateau); GET /reports/weekly-sales takes 3 s; the
# on-call restarts puma ~35 s in (systemctl-style stop/start: new pid) blaming the cache; two heap dumps afterwards.
ts_ps() { while sleep 8; do date -Is; ps -o pid,rss,vsz,etime,args -C puma || true; done; }
ts_start() { (cd /srv/tansley && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Europe/Berlin MALLOC_ARENA_MAX=2 HOME=/srv/tansley PORT="$1" puma -C config/puma.rb) & }
record_tansley() {
  local seconds; seconds="$(s 145)"; local base=/srv/tansley dest="$out_root/h24-puma-rails-tansley-bounded-recipe-cache-restart-slow-report-note-control" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/tansley/." "$base/"; port="$(free_port)"
  local notes="$work/oncall-notes.txt" lt="env TZ=Europe/Berlin date +%H:%M:%S"
  echo "# on-call notes $(TZ=Europe/Berlin date +%F) (Europe/Berlin) ts-web-1" > "$notes"
  ts_start "$port"; local puma=$!
  wait_port "$port"
  local p1 p2 start; p1="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  TZ=Europe/Berlin ts_ps > "$work/ps.log" &
  local sampler=$!
  echo "$($lt) ts-web-1 memory warning (TS-311), puma $p1. ps every 8 s" >> "$notes"
  ruby "$here/load.rb" tansley "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 28
  echo "$($lt) RecipeCache (TS-204) keeps every rendered recipe page in the process, RSS only goes up. restarting puma to get the memory back" >> "$notes"
  at "$start" 35
  kill -TERM "$p1"; wait "$puma" || true
  ts_start "$port"; puma=$!
  wait_port "$port"; p2="$(cat "$base/tmp/pids/puma.pid")"
  echo "$($lt) systemctl restart tansley-web done, new puma $p2" >> "$notes"
  at "$start" 95; touch "$base/tmp/heapdump"
  echo "$($lt) heap dump 1 of $p2. weekly-sales report takes 3 s a hit too, that one needs a look" >> "$notes"
  at "$start" 138; touch "$base/tmp/heapdump"
  echo "$($lt) heap dump 2. climbing again since the restart, the cache will eat the box by tonight. TS-204 needs a cap" >> "$notes"
  wait "$load" || true; sleep 4
  stop_bg "$sampler"
  kill -TERM "$p2"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.jsonl" "$base/log/puma.stdout.log" "$base/log/puma.stderr.log" "$work/"
  local f; for f in "$base"/tmp/heap-*.json; do cp "$f" "$work/"; done
  echo "$($lt) copied production.log, gc_stat.jsonl, puma.stdout.log, puma.stderr.log, ps.log, heap dumps" >> "$notes"
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "tansley: p1=$p1 p2=$p2" >&2; tail -n 4 "$work/load.stderr" "$base/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

run_one() {
  case "$1" in
    h24-puma-cluster-lowick-gc-off-worker-slot-beside-phased-deploy-throughput-csv) record_lowick ;;
    h24-unicorn-brantwood-note-audit-trail-beside-occupancy-pdf-timeout-respawn) record_brantwood ;;
    h24-sidekiq-quernmoor-native-manifest-staging-beside-rate-history-lost-dumps) record_quernmoor ;;
    h24-puma-rails-tansley-bounded-recipe-cache-restart-slow-report-note-control) record_tansley ;;
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
