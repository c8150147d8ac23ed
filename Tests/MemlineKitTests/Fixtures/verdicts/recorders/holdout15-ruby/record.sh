#!/usr/bin/env bash
# Records the holdout15-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, Debian's puma 5.6.5,
# unicorn 6.0 + unicorn-worker-killer 0.4.4 (gems), sysstat (pidstat), procps, bc. Runs as root: the apps run from /srv/<app>.
#   ./record.sh [INCIDENT…]   default: all four
#     h15-puma-loyalty-claim-receipts-beside-feed-rolling-deploy   saltmere/     (120 s)
#     h15-sidekiq5-deploy-rate-quote-memo-rollback-reconcile       quayford/     (~120 s: three processes)
#     h15-unicorn-gc-off-slot3-killer-respawn-slow-occupancy       brindlecombe/ (100 s)
#     h15-jobs-tariff-table-warmup-config-note-control            hollowmere/   (90 s)
# common/rackbase.rb is copied into each web app as lib/<app>/base.rb. H15_SECONDS=N shortens a run.
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h15-puma-loyalty-claim-receipts-beside-feed-rolling-deploy h15-sidekiq5-deploy-rate-quote-memo-rollback-reconcile
  h15-unicorn-gc-off-slot3-killer-respawn-slow-occupancy h15-jobs-tariff-table-warmup-config-note-control)
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
workers_of() { ps -o pid= --ppid "$1" --sort=start_time | tr -d ' ' | paste -sd, -; }

# h15-puma-loyalty-claim-receipts-beside-feed-rolling-deploy: Saltmere on puma (3 workers x 4 threads, no preload), lograge
# key=value after the Logger prefix, puma.stdout.log, the on-call's `pidstat -r -p MASTER,WORKERS 3` (restarted with the
# new pids after the deploy: pidstat-1.txt, pidstat-2.txt). Heap dumps (no allocation tracing) log/heap.PID.N.json of
# worker 0 at 35 % (left out of the folder for size), and of the new worker 0 at 72 % and 95 %, copied with cp -p (mtimes kept). At 50 % a rolling deploy
# (release 9c4e1b7, an offers banner change) is a phased restart (SIGUSR1).
record_saltmere() {
  local seconds=${H15_SECONDS:-120} base=/srv/saltmere dest="$out_root/h15-puma-loyalty-claim-receipts-beside-feed-rolling-deploy" port work
  work="$(mktemp -d)"; install_app saltmere; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (sm-web-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     puma -C "$base/config/puma.rb" "$base/config.ru" > /dev/null 2>&1) &
  local puma=$!
  wait_count "$base/log/puma.stdout.log" ' booted' 3
  local m; m="$(cat "$base/tmp/pids/puma.pid")"
  local ws; ws="$(workers_of "$m")"
  LC_ALL=C TZ=UTC pidstat -r -p "$m,$ws" 3 > "$work/pidstat-1.txt" &
  local s1=$!
  echo "$(hms) sm-web-2 puma workers reach 1.4 GB by lunchtime (SM-77). pidstat on master $m and workers $ws" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" saltmere "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  local w0 old0; w0="${ws%%,*}"; old0="$w0"
  wait_until "$(echo "$start + $seconds * 35 / 100" | bc)"
  echo "$w0" > "$base/tmp/heapdump.request"; echo "$(hms) heap dump of worker 0 ($w0) requested" >> "$notes"
  wait_until "$(echo "$start + $seconds * 42 / 100" | bc)"
  echo "$(hms) every /feeds/products.xml poll jumps a worker by 10+ MB (comparison sites poll it constantly). that's the leak?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  kill -USR1 "$m"
  echo "$(hms) rolling deploy of 9c4e1b7 (SM-80 offers banner) started: phased restart" >> "$notes"
  wait_count "$base/log/puma.stdout.log" ' booted' 6
  kill "$s1" 2>/dev/null || true; wait "$s1" 2>/dev/null || true
  ws="$(workers_of "$m")"; w0="${ws%%,*}"
  LC_ALL=C TZ=UTC pidstat -r -p "$m,$ws" 3 > "$work/pidstat-2.txt" &
  local s2=$!
  echo "$(hms) deploy done, new workers $ws. pidstat restarted on the new pids" >> "$notes"
  local f
  for f in 72 95; do
    wait_until "$(echo "$start + $seconds * $f / 100" | bc)"
    echo "$w0" > "$base/tmp/heapdump.request"; echo "$(hms) heap dump of worker 0 ($w0) requested" >> "$notes"
  done
  wait "$load"; sleep 2
  echo "$(hms) new workers climbing again since the deploy. 9c4e1b7 to blame? rollback on the table" >> "$notes"
  kill "$s2" 2>/dev/null || true; wait "$s2" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$base"/log/heap.*.json "$work/"
  rm -f "$work/heap.$old0."*.json # the pre-deploy worker's dump is left out of the folder (size: ~0.7 MB gzipped each)
  clean "$dest"; for f in "$work"/*; do case "$f" in *load.stderr) ;; *heap.*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "saltmere: master=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h15-sidekiq5-deploy-rate-quote-memo-rollback-reconcile: Quayford's Sidekiq 5.2 stand-in (6 threads, MALLOC_MMAP_THRESHOLD_=131072 as in its unit), one process per
# release: a41c0de (30 s), then the deploy of e7d2f90 (lib/quayford/rate_quotes_e7d2f90.rb replaces rate_quotes.rb;
# the process is restarted: 55 s), then the rollback to a41c0de (restarted again: 35 s). Sidekiq 5 text log appended by
# all three, GC.stat Logger lines (log/gc.log), Capistrano's revisions.log, the on-call's logfmt RSS loop every 2 s.
qf_start() { # qf_start REVISION
  echo "$1" > /srv/quayford/REVISION
  (cd /srv/quayford && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME=/srv/quayford MALLOC_MMAP_THRESHOLD_=131072 ruby bin/sidekiq > /dev/null 2>&1) &
  wait_count /srv/quayford/log/sidekiq.log "Quayford release $1" "$2"; }
qf_stop() { local p; p="$(cat /srv/quayford/tmp/pids/sidekiq.pid)"; kill -TERM "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; }
qf_rss() { local pf=/srv/quayford/tmp/pids/sidekiq.pid p r
  while [ -e /srv/quayford/REVISION ]; do
    p="$(cat "$pf" 2>/dev/null || true)"; r="$( [ -n "$p" ] && ps -o rss= -p "$p" 2>/dev/null | tr -d ' ' || true)"
    [ -n "$r" ] && echo "ts=$(date -u +%FT%T.%3NZ) host=qf-jobs-1 process=sidekiq pid=$p rss_kb=$r"
    sleep 2; done; }
record_quayford() {
  local base=/srv/quayford dest="$out_root/h15-sidekiq5-deploy-rate-quote-memo-rollback-reconcile" work
  local t1=${H15_T1:-30} t2=${H15_T2:-55} t3=${H15_T3:-35}
  work="$(mktemp -d)"; install_app quayford
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (qf-jobs-1)" > "$notes"
  echo "Branch main (at a41c0de) deployed as release $(date -u -d '-2 days -3 hours' +%Y%m%d%H%M%S) by kemi" > "$work/revisions.log"
  qf_start a41c0de 1
  qf_rss > "$work/rss.log" &
  local sampler=$!
  echo "$(hms) watching qf-jobs-1 before today's release (QF-120). RSS loop on" >> "$notes"
  sleep "$t1"
  echo "Branch main (at e7d2f90) deployed as release $(date -u +%Y%m%d%H%M%S) by kemi" >> "$work/revisions.log"
  local rel2; rel2="$(date -u +%Y%m%d%H%M%S)"
  cp "$base/lib/quayford/rate_quotes_e7d2f90.rb" "$base/lib/quayford/rate_quotes.rb"
  echo "$(hms) deploying e7d2f90 (QF-112 carrier quote caching, QF-115 copy fixes): sidekiq restarts" >> "$notes"
  qf_stop; qf_start e7d2f90 1
  sleep "$(echo "$t2 / 2" | bc)"
  echo "$(hms) RSS jumps by 50+ MB every time StockReconcileJob runs. reconcile is eating memory?" >> "$notes"
  sleep "$(echo "$t2 - $t2 / 2" | bc)"
  echo "$(hms) sidekiq keeps climbing since the deploy. rolling back to a41c0de (cap production deploy:rollback)" >> "$notes"
  echo "kemi rolled back to release $rel2" >> "$work/revisions.log"
  cp "$here/quayford/lib/quayford/rate_quotes.rb" "$base/lib/quayford/rate_quotes.rb"
  qf_stop; qf_start a41c0de 2
  echo "$(hms) rollback done, sidekiq on a41c0de again" >> "$notes"
  sleep "$t3"
  qf_stop
  echo "$(hms) flat since the rollback. reconcile still spiking. copied sidekiq.log, gc.log, rss.log" >> "$notes"
  rm -f "$base/REVISION"; kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/sidekiq.log" "$base/log/gc.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  rm -rf "$work" "$base"
}

# h15-unicorn-gc-off-slot3-killer-respawn-slow-occupancy: Brindlecombe on unicorn (4 workers, preload_app), GC off in
# slot 3 (BC-71), unicorn-worker-killer's Oom (64-70 MB, every 10 requests), Rails tagged production.log, GC.stat
# envelopes as Logger lines every 3 s per worker (log/gc_stat.log), unicorn.stderr.log, the on-call's
# `date -Is; ps -o pid,ppid,rss,vsz,args -p MASTER --ppid MASTER` loop every 3 s.
bc_ps() { local pf=/srv/brindlecombe/tmp/pids/unicorn.pid m
  while [ -e "$pf" ]; do m="$(cat "$pf")"; date -Is; ps -o pid,ppid,rss,vsz,args -p "$m" --ppid "$m" 2>/dev/null || true; sleep 3; done; }
record_brindlecombe() {
  local seconds=${H15_SECONDS:-100} base=/srv/brindlecombe dest="$out_root/h15-unicorn-gc-off-slot3-killer-respawn-slow-occupancy" port work
  work="$(mktemp -d)"; install_app brindlecombe; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (bc-web-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 4
  local m; m="$(cat "$base/tmp/pids/unicorn.pid")"
  TZ=UTC bc_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) bc-web-1 swapping at night (BC-80). ps loop on master $m" >> "$notes"
  local start; start="$(date +%s.%N)"
  ruby "$here/load.rb" brindlecombe "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  wait_until "$(echo "$start + $seconds * 40 / 100" | bc)"
  echo "$(hms) owners' occupancy report takes 2-3 s on every worker, requests queue behind it. is that what eats the RAM?" >> "$notes"
  wait "$load"; sleep 2
  echo "$(hms) worker killer recycled one worker during the window; see unicorn.stderr.log" >> "$notes"
  kill -QUIT "$m"; wait "$uni" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "brindlecombe: master=$m" >&2
  cat "$work/load.stderr" >&2; rm -rf "$work" "$base"
}

# h15-jobs-tariff-table-warmup-config-note-control: Hollowmere's Que job process stand-in (5 threads), ActiveJob lines in
# log/production.log, the on-call's JSON-lines RSS sampler every 2 s (rss.jsonl), heap dumps hm-worker.PID.N.json at
# boot (before the warm-up) and at 50 % (after it), copied with cp -p; at 65 % a config change (classify_batch 200 -> 500,
# SIGHUP).
hm_rss() { local p="$1" r
  while r="$(ps -o rss= -p "$p" 2>/dev/null | tr -d ' ')" && [ -n "$r" ]; do
    printf '{"ts":"%s","host":"hm-jobs-2","process":"que-worker","pid":%s,"rss_kb":%s}\n' "$(date -u +%FT%T.%3NZ)" "$p" "$r"; sleep 2; done; }
record_hollowmere() {
  local seconds=${H15_SECONDS:-90} base=/srv/hollowmere dest="$out_root/h15-jobs-tariff-table-warmup-config-note-control" work
  work="$(mktemp -d)"; install_app hollowmere; echo "5d7a0c3" > "$base/REVISION"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (hm-jobs-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" RUN_SECONDS="$seconds" ruby bin/worker > /dev/null 2>&1) &
  local w=$!
  wait_count "$base/log/production.log" 'Que worker starting' 1
  local start; start="$(date +%s.%N)"
  hm_rss "$w" > "$work/rss.jsonl" &
  local sampler=$!
  touch "$base/tmp/dump"
  echo "$(hms) restarted the que worker on hm-jobs-2 (HM-41: alert at 2 GB overnight). heap dump at boot" >> "$notes"
  wait_until "$(echo "$start + $seconds * 35 / 100" | bc)"
  echo "$(hms) RSS went from ~30 MB to 80+ MB in the first half minute. leak?" >> "$notes"
  wait_until "$(echo "$start + $seconds * 50 / 100" | bc)"
  touch "$base/tmp/dump"; echo "$(hms) second heap dump" >> "$notes"
  wait_until "$(echo "$start + $seconds * 65 / 100" | bc)"
  sed -i 's/classify_batch: 200/classify_batch: 500/' "$base/config/worker.yml"; kill -HUP "$w"
  echo "$(hms) config change: classify_batch 200 -> 500 in config/worker.yml (HM-44), SIGHUP to reload" >> "$notes"
  wait_until "$(echo "$start + $seconds * 80 / 100" | bc)"
  echo "$(hms) diffed the dumps: 6000 new Strings held by Hollowmere::TariffTable. that's where the memory went" >> "$notes"
  wait "$w" || true; kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base"/log/hm-worker.*.json "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "hollowmere: pid=$w" >&2
  rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h15-puma-loyalty-claim-receipts-beside-feed-rolling-deploy) record_saltmere ;;
    h15-sidekiq5-deploy-rate-quote-memo-rollback-reconcile) record_quayford ;;
    h15-unicorn-gc-off-slot3-killer-respawn-slow-occupancy) record_brindlecombe ;;
    h15-jobs-tariff-table-warmup-config-note-control) record_hollowmere ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
