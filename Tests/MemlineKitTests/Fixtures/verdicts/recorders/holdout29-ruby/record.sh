#!/usr/bin/env bash
# Records the holdout29-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (objspace),
# Debian's puma 5.6.5, Debian's unicorn 6.0, sysstat (pidstat), procps (ps), gzip, coreutils.
# The apps run from /srv/<app>, so the artifacts name /srv/<app> as written.
#   ./record.sh [INCIDENT…]   default: all four, one at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h29-unicorn-wickmoor-clinic-canary-worker-gc-disabled-beside-referral-letters-v6-4-deploy     wickmoor/     (112 s)
#     h29-puma-brackenfold-dairy-yield-curve-memo-beside-milk-quality-csv-price-sheet                brackenfold/  (110 s)
#     h29-sidekiq-json-dunmere-ferry-manifest-audit-flag-beside-v3-14-deploy-fare-reconcile          dunmere/      (112 s, no web)
#     h29-puma-cluster-cobbledene-library-catalogue-lru-plateau-phased-restart-control               cobbledene/   (112 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
W=h29-unicorn-wickmoor-clinic-canary-worker-gc-disabled-beside-referral-letters-v6-4-deploy
B=h29-puma-brackenfold-dairy-yield-curve-memo-beside-milk-quality-csv-price-sheet
D=h29-sidekiq-json-dunmere-ferry-manifest-audit-flag-beside-v3-14-deploy-fare-reconcile
C=h29-puma-cluster-cobbledene-library-catalogue-lru-plateau-phased-restart-control
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=("$W" "$B" "$D" "$C")
cd /; unset OLDPWD

s() { ruby -e 'print [(ARGV[0].to_f * ARGV[1].to_f).round, 1].max' "$1" "$scale"; }
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
crlf() { sed -i 's/$/\r/' "$1"; }

# W: Wickmoor Clinic's patient portal on wm-app-2, unicorn 6.0 (3 workers, no preload), Capistrano-style layout,
# America/Chicago (CST, -0600). WM-233 made worker 1 an "out-of-band GC canary": after_fork runs GC.disable in the
# worker whose nr is OOB_GC_CANARY_WORKER and the middleware collects only every 2000 requests, which at this
# traffic never comes, so worker 1 keeps every object it allocates. v6.4.0 is deployed at ~22 s (symlink + HUP):
# all three workers respawn with new pids and the new worker 1 is a canary again. GET /referrals/:id/letter.pdf
# (every ~16 s) is the garbage-heavy trap, the deploy the blamed one. Artifacts: Rails production.log (pid in every
# line, gzipped), gc_stat.log (GC.stat envelopes per worker every 5 s), unicorn.stderr.log, deploy.log, the on-call's
# `date -R; ps --ppid` loop, notes copied through Windows (CRLF).
wm_ps() { while sleep 5; do date -R; ps -o pid,ppid,rss,vsz,etime,args -p "$1" --ppid "$1"; done; }
wm_release() { local r="$1" v="$2"; mkdir -p /srv/wickmoor/releases/"$r"; cp -r "$here/wickmoor/." /srv/wickmoor/releases/"$r"/; echo "$v" > /srv/wickmoor/releases/"$r"/REVISION; }
record_wickmoor() {
  local seconds; seconds="$(s 112)"; local base=/srv/wickmoor dest="$out_root/$W" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base/shared/log" "$base/shared/tmp/pids"
  local r1 r2; r1="$(date -u -d '-6 days' +%Y%m%d)142210"
  wm_release "$r1" "v6.3.2 (b81d04e)"; ln -sfn "$base/releases/$r1" "$base/current"
  local dl="$work/deploy.log" lt="env TZ=America/Chicago date +%H:%M"
  echo "[$(TZ=America/Chicago date -d '-6 days' '+%F') 14:22:10 -0600] wickmoor-portal v6.3.2 (b81d04e) released to wm-app-2 as $r1 (unicorn HUP)" > "$dl"
  local notes="$work/oncall-notes.txt"
  echo "wm-app-2 memory, $(TZ=America/Chicago date '+%a %b %-d') - times Central" > "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/Chicago HOME="$base" PORT="$port" OOB_GC_CANARY_WORKER=1 OOB_GC_EVERY=2000 unicorn -c "$base/current/config/unicorn.rb" -E production "$base/current/config.ru") &
  local uni=$!
  wait_count "$base/shared/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m start; m="$(cat "$base/shared/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  TZ=America/Chicago wm_ps "$m" > "$work/ps.log" &
  local sampler=$!
  ruby "$here/load.rb" wickmoor "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 22
  r2="$(date -u +%Y%m%d%H%M%S)"; wm_release "$r2" "v6.4.0 (3e91a7c)"; ln -sfn "$base/releases/$r2" "$base/current"
  echo "[$(TZ=America/Chicago date '+%F %T %z')] wickmoor-portal v6.4.0 (3e91a7c) released to wm-app-2 as $r2 (unicorn HUP) - WM-240 referral letters: letterhead per site, WM-244 appointments paging" >> "$dl"
  kill -HUP "$m"
  echo "$($lt) v6.4.0 out (WM-240 letterhead, WM-244 paging)" >> "$notes"
  at "$start" 60
  echo "$($lt) WM-251 memory alert wm-app-2. started ps loop every 5s on the unicorn master+workers -> ps.log" >> "$notes"
  at "$start" 104
  echo "$($lt) unicorn memory climbing since v6.4.0. the new letterhead code in referral letters - each letter.pdf is ~370k allocations in production.log and rss jumps right after. asking Priya to revert WM-240 / roll back to v6.3.2" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -QUIT "$m"; wait "$uni" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$m" 2>/dev/null || break; sleep 0.2; done
  crlf "$notes"
  cp -p "$base/shared/log/production.log" "$base/shared/log/unicorn.stderr.log" "$base/shared/log/gc_stat.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "wickmoor: master=$m" >&2; grep -h 'worker=\|reaped\|HUP' "$base/shared/log/unicorn.stderr.log" >&2; tail -n 3 "$work/load.stderr" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

# B: Brackenfold Dairy's herd portal on bf-web-1, puma 5.6.5 single mode (5 threads), Europe/Amsterdam (CET, +0100).
# GET /herds/:id/yields memoises its lactation-curve fit in Brackenfold::YieldCurve::FITS under a key that carries
# the request's as_of time (yield_curve.rb, BF-208), so every request keeps ~5 KB for good. GET
# /reports/milk-quality.csv (every ~24 s) is the garbage-heavy trap (160,000 rows, big RSS steps that stay);
# Brackenfold::PriceSheet (price_sheet.rb) is a ~1 MB table loaded once, the biggest retained thing in the dumps.
# Artifacts: lograge key=value production.log (time= with offset, unquoted), puma.stdout.log, the on-call's
# `/proc/PID/status` loop (status.log), two ObjectSpace dumps renamed without the pid and copied off later
# (copy-time mtimes), notes blaming the report and the price sheet.
bf_status() { while sleep 5; do echo "== $(date '+%d/%b/%Y:%H:%M:%S %z')"; grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads)' /proc/"$1"/status || echo "gone"; done; }
record_brackenfold() {
  local seconds; seconds="$(s 110)"; local base=/srv/brackenfold dest="$out_root/$B" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/brackenfold/." "$base/"
  local notes="$work/notes.txt" lt="env TZ=Europe/Amsterdam date +%H:%M"
  echo "bf-web-1 geheugen / memory $(TZ=Europe/Amsterdam date '+%d-%m-%Y') (CET)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Europe/Amsterdam HOME="$base" PORT="$port" HEAP_TRACE=1 puma -C config/puma.rb) &
  local puma=$!
  wait_port "$port"; wait_file "$base/tmp/pids/puma.pid"
  local p start; p="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  TZ=Europe/Amsterdam bf_status "$p" > "$work/status.log" &
  local sampler=$!
  echo "$($lt) BF-412 memory alert bf-web-1. /proc/$p/status every 5s -> status.log" >> "$notes"
  ruby "$here/load.rb" brackenfold "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 26; touch "$base/tmp/heapdump"; wait_file "$base/tmp/heap.json"; mv "$base/tmp/heap.json" "$base/tmp/bf-web-1-a.json"; gzip -9 -n "$base/tmp/bf-web-1-a.json"
  echo "$($lt) heap dump a (touch tmp/heapdump) -> bf-web-1-a.json.gz" >> "$notes"
  at "$start" 64
  echo "$($lt) milk-quality.csv ran again, rss +30-40MB each time and it never comes back down" >> "$notes"
  at "$start" 102; touch "$base/tmp/heapdump"; wait_file "$base/tmp/heap.json"; mv "$base/tmp/heap.json" "$base/tmp/bf-web-1-b.json"; gzip -9 -n "$base/tmp/bf-web-1-b.json"
  echo "$($lt) heap dump b. biggest retained thing in both dumps is the PriceSheet table (price_sheet.rb, ~8000 strings). so: price sheet + milk-quality report. BF-413 stream the report, BF-414 load the price sheet from redis" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -TERM "$p"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$work/"
  local copy; copy="$(date -u -d '+1 day' '+%F') 08:4"
  cp "$base/tmp/bf-web-1-a.json.gz" "$base/tmp/bf-web-1-b.json.gz" "$work/"; touch -d "${copy}1 UTC" "$work/bf-web-1-a.json.gz"; touch -d "${copy}2 UTC" "$work/bf-web-1-b.json.gz"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *.gz) cp -p "$f" "$dest/" ;; *) ship "$f" "$dest" ;; esac; done
  echo "brackenfold: pid=$p" >&2; cat "$base/log/puma.stdout.log" >&2; tail -n 3 "$work/load.stderr" "$base/log/puma.stderr.log" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

# D: Dunmere Ferries' job box dm-jobs-1, a Sidekiq 7.2-style runner (5 threads, JSON log, UTC), Capistrano-style
# layout, the on-call in Europe/London (GMT, +0000). v3.14.0 (fare rules) is deployed at ~20 s: the job process
# is stopped (TERM, Bye!) and a new one starts with a new pid. At ~40 s ops enable the manifest_audit_trail flag
# (shipped dark in v3.13.0, DF-377); from then every Dunmere::ManifestSyncJob appends its manifest and JSON (~250 KB) to
# Dunmere::AuditTrail::ENTRIES, which nothing drains. Traps: the v3.14.0 deploy (blamed), FareReconcileJob (every
# ~30 s, 150,000 settlement lines of garbage, the big steps), BerthTelemetryJob (~5/s, runs throughout, keeps
# nothing). Artifacts: sidekiq.log (JSON), pidstat -r on the old pid then on the new pid (one file, two runs),
# flipper.log, deploy.log, notes blaming the deploy.
dm_release() { mkdir -p /srv/dunmere/releases/"$1"; cp -r "$here/dunmere/." /srv/dunmere/releases/"$1"/; echo "$2" > /srv/dunmere/releases/"$1"/REVISION; }
dm_start() { (cd /srv/dunmere/current && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Europe/London HOME=/srv/dunmere RAILS_ENV=production FARE_FIRST="$1" FARE_EVERY="$2" ruby bin/sidekiq) >> /srv/dunmere/shared/log/sidekiq.log 2>&1 & }
record_dunmere() {
  local seconds; seconds="$(s 112)"; local base=/srv/dunmere dest="$out_root/$D" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/shared/log" "$base/shared/tmp/pids" "$base/shared/config"
  echo '{"manifest_audit_trail": false, "winter_timetable": true, "fare_rules_2027": false}' > "$base/shared/config/flags.json"
  local r1 r2; r1="$(date -u -d '-9 days' +%Y%m%d)101502"; dm_release "$r1" "v3.13.0 (7d2a91f)"; ln -sfn "$base/releases/$r1" "$base/current"
  local dl="$work/deploy.log" lt="env TZ=Europe/London date +%H:%M"
  echo "$(date -u -d '-9 days' '+%F') 10:15:02 UTC deploy dunmere-jobs v3.13.0 (7d2a91f) -> dm-jobs-1 release $r1: DF-377 manifest audit trail (behind manifest_audit_trail, off), DF-369 berth telemetry v2" > "$dl"
  local notes="$work/notes.txt"
  echo "dm-jobs-1 sidekiq memory $(TZ=Europe/London date '+%-d %b %Y')" > "$notes"
  rm -f "$base/shared/tmp/pids/sidekiq.pid"; dm_start 9 30
  local job1=$!
  wait_file "$base/shared/tmp/pids/sidekiq.pid"
  local p1 p2 start; p1="$(cat "$base/shared/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  (TZ=Europe/London LC_ALL=C exec pidstat -r -p "$p1" 5 >> "$work/pidstat.log") &
  local sampler=$!
  echo "$($lt) DF-520 memory warning dm-jobs-1 (sidekiq). pidstat -r every 5s on $p1" >> "$notes"
  at "$start" 20
  r2="$(date -u +%Y%m%d%H%M%S)"; dm_release "$r2" "v3.14.0 (c5e0b38)"
  echo "$(date -u '+%F %T') UTC deploy dunmere-jobs v3.14.0 (c5e0b38) -> dm-jobs-1 release $r2: DF-401 2027 fare rules (behind fare_rules_2027), DF-412 reconcile by product" >> "$dl"
  ln -sfn "$base/releases/$r2" "$base/current"
  echo "$(date -u '+%F %T') UTC deploy sidekiq: TERM pid $p1, waiting" >> "$dl"
  kill -TERM "$p1"; wait "$job1" 2>/dev/null || true
  rm -f "$base/shared/tmp/pids/sidekiq.pid"; dm_start 14 30
  wait_file "$base/shared/tmp/pids/sidekiq.pid"; p2="$(cat "$base/shared/tmp/pids/sidekiq.pid")"
  echo "$(date -u '+%F %T') UTC deploy sidekiq: started pid $p2 (release $r2), done" >> "$dl"
  echo "$($lt) v3.14.0 deployed, sidekiq restarted (new pid $p2)" >> "$notes"
  at "$start" 28; stop_bg "$sampler"
  (TZ=Europe/London LC_ALL=C exec pidstat -r -p "$p2" 5 >> "$work/pidstat.log") &
  sampler=$!
  echo "$($lt) pidstat again on the new pid $p2, same file" >> "$notes"
  at "$start" 40
  (cd "$base/current" && TZ=Europe/London ruby bin/flipper enable manifest_audit_trail eilidh.macrae@dunmereferries.co.uk)
  at "$start" 82
  echo "$($lt) memory up since v3.14.0 went out. FareReconcileJob (changed in v3.14.0, DF-412) jumps it 30-40MB every run" >> "$notes"
  at "$start" 108
  echo "$($lt) still climbing. rolling back to v3.13.0 tomorrow morning (DF-521), reconcile job paused till then" >> "$notes"
  at "$start" 112
  stop_bg "$sampler"
  kill -TERM "$p2"; for _ in $(seq 60); do kill -0 "$p2" 2>/dev/null || break; sleep 0.2; done
  cp -p "$base/shared/log/sidekiq.log" "$base/shared/log/flipper.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "dunmere: pids $p1 $p2" >&2; grep -o '"class":"[A-Za-z:]*' "$base/shared/log/sidekiq.log" | sort | uniq -c >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

# C (healthy control): Cobbledene Libraries' catalogue on cl-web-1, puma 5.6.5 cluster (3 workers x 4 threads, no
# preload), Capistrano-style layout, Australia/Hobart (AEDT, +1100), MALLOC_ARENA_MAX=2 and a fixed
# MALLOC_MMAP_THRESHOLD_ in the service env. Nothing leaks: Cobbledene::RecordCache is an LRU capped at 40 records
# per worker; GET /exports/overdue.csv (every ~30 s) fills ten 3 MB buffers over ~5 s (mmapped: fixed threshold)
# and clears them, so the worker that takes it spikes by ~30 MB and comes back (a spike that recovers); v2.7.0 is
# deployed at ~42 s with a phased restart, so all three workers come back with new pids and small RSS and warm up
# again to the same level (the blamed deploy). Artifacts: access.log (Rack::CommonLogger), puma.stdout.log, the
# on-call's `top -b -d 5 -c` cut with `grep -E '^top -|^MiB Mem|^ *PID|\[cobbledene\]'`, revisions.log, notes
# blaming the deploy.
record_cobbledene() {
  local seconds; seconds="$(s 112)"; local base=/srv/cobbledene dest="$out_root/$C" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base/shared/log" "$base/shared/tmp/pids"
  local r1 r2; r1="$(date -u -d '-4 days' +%Y%m%d)031107"
  mkdir -p "$base/releases/$r1"; cp -r "$here/cobbledene/." "$base/releases/$r1/"; ln -sfn "$base/releases/$r1" "$base/current"
  echo "Branch main (at 41be9d0) deployed as release $r1 by deploy" > "$work/revisions.log"
  local notes="$work/notes.txt" lt="env TZ=Australia/Hobart date +%H:%M"
  echo "cl-web-1 memory $(TZ=Australia/Hobart date '+%a %-d/%m/%Y') (Hobart time)" > "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Australia/Hobart HOME="$base" PORT="$port" MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144 puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/shared/log/puma.stdout.log" ' booted' 3; wait_port "$port"
  local m start; m="$(cat "$base/shared/tmp/pids/puma.pid")"; start="$(date +%s)"
  (TZ=Australia/Hobart exec top -b -d 5 -c -w 220 > "$work/top.raw") &
  local sampler=$!
  ruby "$here/load.rb" cobbledene "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 42
  r2="$(date -u +%Y%m%d%H%M%S)"; mkdir -p "$base/releases/$r2"; cp -r "$here/cobbledene/." "$base/releases/$r2/"; ln -sfn "$base/releases/$r2" "$base/current"
  echo "Branch main (at 9c0f3e2) deployed as release $r2 by deploy" >> "$work/revisions.log"
  kill -USR1 "$m"
  echo "$($lt) v2.7.0 deployed (phased restart) - CL-130 MARC display, CL-131 holds queue" >> "$notes"
  at "$start" 88
  echo "$($lt) CL-140 memory alert cl-web-1. all 3 puma workers RES going up again since the v2.7.0 deploy, see top. overdue export spikes too" >> "$notes"
  at "$start" 108
  echo "$($lt) still going up after v2.7.0. suspect CL-130 (MARC display keeps records?). will roll back to v2.6.4 if it keeps up overnight" >> "$notes"
  wait "$load" || true; sleep 3
  stop_bg "$sampler"
  kill -TERM "$m"; wait "$puma" || true
  grep -E '^top -|^MiB Mem|^ *PID|\[cobbledene\]' "$work/top.raw" > "$work/top.log"; rm -f "$work/top.raw"
  cp -p "$base/shared/log/access.log" "$base/shared/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "cobbledene: master=$m" >&2; cat "$base/shared/log/puma.stdout.log" >&2; tail -n 3 "$work/load.stderr" "$base/shared/log/puma.stderr.log" >&2; ls -la "$dest" >&2
  rm -rf "$work" "$base"
}

for i in "${incidents[@]}"; do
  case "$i" in
    "$W") record_wickmoor ;;
    "$B") record_brackenfold ;;
    "$D") record_dunmere ;;
    "$C") record_cobbledene ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
