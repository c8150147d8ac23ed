#!/usr/bin/env bash
# Records the holdout30-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (objspace, mkmf
# and ruby headers for the C extension), Debian's puma 5.6.5, Debian's unicorn 6.0, gcc, sysstat (pidstat), procps
# (ps, top), gzip, curl, coreutils. The apps run from /srv/<app>, so the artifacts name /srv/<app> as written.
#   ./record.sh [INCIDENT…]   default: all four, one at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h30-puma-saltings-harbour-berth-notes-history-flag-beside-tonnage-csv-v2-8-deploy        saltings/    (110 s)
#     h30-sidekiq-brindlewick-dairy-vat-recalibration-rare-job-beside-collection-imports-concurrency   brindlewick/ (110 s, no web)
#     h30-puma-cluster-gorsedown-clinic-native-ecg-strip-beside-formulary-cache-rota-pdf       gorsedown/   (110 s)
#     h30-unicorn-fellgate-vets-bounded-slot-cache-export-spike-v4-2-deploy-control            fellgate/    (110 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
S=h30-puma-saltings-harbour-berth-notes-history-flag-beside-tonnage-csv-v2-8-deploy
B=h30-sidekiq-brindlewick-dairy-vat-recalibration-rare-job-beside-collection-imports-concurrency
G=h30-puma-cluster-gorsedown-clinic-native-ecg-strip-beside-formulary-cache-rota-pdf
F=h30-unicorn-fellgate-vets-bounded-slot-cache-export-spike-v4-2-deploy-control
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=("$S" "$B" "$G" "$F")
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

# S: Saltings Harbour's berth planner on sh-web-1, puma 5.6.5 single mode (5 threads), Australia/Hobart (AEDT,
# +1100). v2.8.0 was deployed (puma restarted) at the start. At ~28 s the harbour master's ops turn on the Flipper
# flag berth_notes_history (SH-412): from then every GET /berths/:id keeps a copy of the six notes it rendered
# (~13 KB) in BerthNotes::HISTORY, forever: a low-rate true leak. GET /reports/tonnage.csv (every ~21 s) builds
# ~25 MB of transient rows: the RSS jumps, garbage. Artifacts: lograge (Logstash JSON) production.log, gc_stat.log
# (GC.stat as Hash#inspect every 5 s), pidstat -r every 5 s, two ObjectSpace.dump_all dumps (since the boot
# generation, allocation tracing on) taken through the ops endpoint and copied off without mtimes and without a
# pid in their names, the Flipper audit log, deploy.log, puma's stdout, notes blaming the deploy and the report.
record_saltings() {
  local seconds; seconds="$(s 110)"; local base=/srv/saltings dest="$out_root/$S" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base"; cp -r "$here/saltings/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  echo "v2.8.0 (c4f19e2)" > "$base/REVISION"
  echo '{"berth_notes_history": false, "tide_overlay": true}' > "$base/tmp/flags.json"
  local lt="env TZ=Australia/Hobart date +%H:%M" dl="$work/deploy.log" notes="$work/oncall-notes.txt"
  echo "$(TZ=Australia/Hobart date -d '-9 days' '+%F') 16:41:07 +1100 saltings v2.7.3 (8e0a51d) deployed to sh-web-1 by mara.t (puma restart)" > "$dl"
  echo "$(TZ=Australia/Hobart date '+%F %T %z') saltings v2.8.0 (c4f19e2) deployed to sh-web-1 by mara.t (puma restart) - SH-398 tonnage report as CSV, SH-405 vessel page" >> "$dl"
  echo "sh-web-1 memory - $(TZ=Australia/Hobart date '+%a %-d %b') (Hobart time)" > "$notes"
  echo "$($lt) v2.8.0 out (tonnage csv, vessel page)" >> "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Australia/Hobart HOME="$base" PORT="$port" HEAP_TRACE=1 RACK_ENV=production puma -C "$base/config/puma.rb") &
  local pu=$!
  wait_port "$port"; wait_file "$base/tmp/pids/puma.pid"
  local pid start; pid="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  (TZ=Australia/Hobart exec pidstat -r -p "$pid" 5) > "$work/pidstat.log" &
  local sampler=$!
  ruby "$here/load.rb" saltings "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 22
  curl -s -X POST "http://127.0.0.1:$port/ops/heap_dump" > /dev/null; cp "$base/tmp/heapdumps/heap.json" "$work/heap-1.json"
  at "$start" 28
  (cd "$base" && TZ=Australia/Hobart ruby bin/flipper enable berth_notes_history harbourmaster-ops)
  echo "$($lt) ops enabled berth_notes_history for the harbour master (SH-412)" >> "$notes"
  at "$start" 60
  echo "$($lt) memory alert sh-web-1 (puma rss). pidstat -r every 5s -> pidstat.log, GC.stat is already logged" >> "$notes"
  at "$start" 100
  curl -s -X POST "http://127.0.0.1:$port/ops/heap_dump" > /dev/null; cp "$base/tmp/heapdumps/heap.json" "$work/heap-2.json"
  echo "$($lt) rss up since v2.8.0 restart, big steps every time the tonnage csv runs (SH-398, ~240k rows built in memory). took 2 heap dumps. proposing rollback to v2.7.3" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -TERM "$pid"; wait "$pu" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/gc_stat.log" "$base/log/flipper_audit.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *heap-*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "saltings: puma pid $pid, port $port"; cat "$work/load.stderr"
  rm -rf "$work"
}

# B: Brindlewick Dairy co-op's job box bw-jobs-1, a Sidekiq 6.5-style runner (text log, UTC), on-call in
# Pacific/Auckland (NZDT, +1300). v5.3.0 (BW-771: concurrency 5 -> 10) was deployed and sidekiq restarted at the
# start. MilkCollectionImportJob runs twice a second all through (garbage, ~7k rows each) and SupplierStatementJob
# once at ~19 s (~40 MB of transient lines, the loudest step); the culprit is VatRecalibrationJob, a cron job that
# ran only 4 times, each run appending ~45k curve strings to VatRecalibrationJob::HISTORY. Artifacts: sidekiq.log
# (logrotate copytruncate at ~62 s -> sidekiq.log.1; the live file copied off while sidekiq was still writing, last
# line cut), a /proc/PID/status loop every 10 s, config/sidekiq.yml, deploy.log, notes blaming the concurrency
# change and the imports.
record_brindlewick() {
  local seconds; seconds="$(s 110)"; local base=/srv/brindlewick dest="$out_root/$B" work
  work="$(mktemp -d)"; rm -rf "$base"
  mkdir -p "$base"; cp -r "$here/brindlewick/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local lt="env TZ=Pacific/Auckland date +%H:%M" dl="$work/deploy.log" notes="$work/oncall-notes.txt"
  echo "$(date -u -d '-13 days' '+%FT%T')Z deploy brindlewick-jobs v5.2.4 (71bd0c2) host=bw-jobs-1 user=deploy result=ok restart=sidekiq" > "$dl"
  echo "$(date -u '+%FT%T')Z deploy brindlewick-jobs v5.3.0 (e5a09f3) host=bw-jobs-1 user=deploy result=ok restart=sidekiq changes=\"BW-771 sidekiq concurrency 5->10; BW-768 import column for protein\"" >> "$dl"
  echo "bw-jobs-1 memory $(TZ=Pacific/Auckland date '+%d/%m/%Y') (NZ time)" > "$notes"
  echo "$($lt) v5.3.0 deployed, sidekiq restarted (concurrency now 10)" >> "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Pacific/Auckland HOME="$base" RUN_SECONDS="$seconds" ruby bin/sidekiq >> "$base/log/sidekiq.log" 2>&1) &
  local sk=$!
  wait_file "$base/tmp/pids/sidekiq.pid"; wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  local pid start; pid="$(cat "$base/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  (while sleep 10; do TZ=Pacific/Auckland date '+%F %T %Z'; grep -E '^(VmPeak|VmHWM|VmRSS|RssAnon|VmData|Threads)' "/proc/$pid/status"; done) > "$work/proc-status.log" 2>/dev/null &
  local sampler=$!
  at "$start" 45
  echo "$($lt) memory alert on bw-jobs-1 (sidekiq rss). watching /proc status every 10s" >> "$notes"
  at "$start" 62
  cp -p "$base/log/sidekiq.log" "$work/sidekiq.log.1"; truncate -s 0 "$base/log/sidekiq.log"
  at "$start" 104
  echo "$($lt) rss keeps climbing since the v5.3.0 restart. 10 threads of MilkCollectionImportJob all chewing csv at once (and the supplier statements at the start jumped it). want to put concurrency back to 5 (revert BW-771)" >> "$notes"
  local size; size="$(stat -c %s "$base/log/sidekiq.log")"; head -c "$(( size - 23 ))" "$base/log/sidekiq.log" > "$work/sidekiq.log"
  wait "$sk" || true
  stop_bg "$sampler"
  cp -p "$base/config/sidekiq.yml" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "brindlewick: sidekiq pid $pid"
  rm -rf "$work"
}

# G: Gorsedown Clinic's cardiology portal on gd-web-2, puma 5.6.5 cluster (2 workers x 4 threads, preload_app!),
# America/St_Johns (NST, -0330). The vendored C extension ecgtrace 0.4.2 (built here with -g) renders ECG strips
# for GET /patients/:id/ecg/:id.png (EcgStripsController#show); when a strip has annotations (every other strip)
# ecg_render_strip returns before free(): ~234 KB of malloc'd filter buffer lost per annotated strip, in both
# workers, invisible to ObjectSpace. Traps: the Formulary::CACHE memo (GD-318), which the heap dumps do show
# growing by a few thousand strings, and GET /clinics/:id/rota.pdf (every ~19 s, ~25 MB of transient shift lines).
# Artifacts: Rails production.log (Logger format, pid, request-id tag), gc.log (GC.stat key=value per worker every
# 10 s), pidstat -r -h over the master and both workers every 5 s, two dump_all dumps of worker 0 (since its boot
# generation) copied off without mtimes and without a pid in their names, puma's stdout, notes blaming the cache.
record_gorsedown() {
  local seconds; seconds="$(s 110)"; local base=/srv/gorsedown dest="$out_root/$G" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base"; cp -r "$here/gorsedown/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  (cd "$base/vendor/ecgtrace/ext/ecgtrace" && ruby extconf.rb > /dev/null && make > /dev/null && mkdir -p ../../lib/ecgtrace && cp ecgtrace.so ../../lib/ecgtrace/)
  local lt="env TZ=America/St_Johns date +%H:%M" notes="$work/oncall-notes.txt"
  echo "gd-web-2 memory $(TZ=America/St_Johns date '+%Y-%m-%d') (times NST)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/St_Johns HOME="$base" PORT="$port" RACK_ENV=production puma -C "$base/config/puma.rb") &
  local pu=$!
  wait_port "$port"; wait_file "$base/tmp/pids/puma.pid"
  local m start; m="$(cat "$base/tmp/pids/puma.pid")"
  for _ in $(seq 100); do [ "$(pgrep -c -P "$m" || true)" -ge 2 ] && break; sleep 0.2; done
  local kids; kids="$(pgrep -P "$m" | sort -n | paste -sd, -)"; start="$(date +%s)"
  (TZ=America/St_Johns exec pidstat -r -h -p "$m,$kids" 5) > "$work/pidstat.log" &
  local sampler=$!
  ruby "$here/load.rb" gorsedown "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 25
  touch "$base/tmp/heapdump.request"; sleep 1; wait_file "$base/tmp/heapdumps/heap.json"; sleep 1
  cp "$base/tmp/heapdumps/heap.json" "$work/heap.json"
  at "$start" 55
  echo "$($lt) gd-web-2 puma workers over 80% of their memory budget alert. pidstat on master+workers -> pidstat.log" >> "$notes"
  at "$start" 96
  for _ in $(seq 50); do [ "$(grep -c 'Started GET "/clinics/' "$base/log/production.log")" -le "$(grep -c 'Rendered rotas/' "$base/log/production.log")" ] && break; sleep 0.2; done
  touch "$base/tmp/heapdump.request"; sleep 4
  cp "$base/tmp/heapdumps/heap.json" "$work/heap (1).json"
  echo "$($lt) diffed the two heap dumps from worker 0: Formulary::CACHE (GD-318) keeps growing, more monograph strings retained every dump, that memo has no bound. plus rota.pdf allocates a lot. suggest reverting GD-318" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -TERM "$m"; wait "$pu" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/gc.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "gorsedown: master $m workers $kids port $port"; cat "$work/load.stderr"
  rm -rf "$work"
}

# F (control): Fellgate Vets' booking app on fv-app-1, unicorn 6.0 (3 workers, preload_app), Europe/London (GMT).
# v4.2.0 was deployed at the start (Capistrano-style layout, unicorn started on the new release). Nothing leaks:
# each worker's SlotCache (FV-150) is an LRU bounded at 32 cards of ~80 KB over 40 slot keys, full within the
# first half minute, then a plateau; GET /exports/vaccinations.csv (every ~27 s) builds one ~50 MB String that
# Unicorn::OobGC's full GC (every 5 requests) frees and glibc unmaps after the request (RSS spikes and comes back). Artifacts: lograge key=value production.log through the Rails logger,
# unicorn.stderr.log, `top -b -d 5` over the master and workers, deploy.log, notes blaming the deploy and export.
record_fellgate() {
  local seconds; seconds="$(s 110)"; local base=/srv/fellgate dest="$out_root/$F" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base/shared/log" "$base/shared/tmp/pids"
  local r1 r2; r1="$(date -u -d '-4 days' +%Y%m%d)101502"; r2="$(date -u +%Y%m%d%H%M%S)"
  mkdir -p "$base/releases/$r1" "$base/releases/$r2"; cp -r "$here/fellgate/." "$base/releases/$r1/"; cp -r "$here/fellgate/." "$base/releases/$r2/"
  echo "v4.1.3 (0d2c6a9)" > "$base/releases/$r1/REVISION"; echo "v4.2.0 (f83b1e4)" > "$base/releases/$r2/REVISION"
  ln -sfn "$base/releases/$r2" "$base/current"
  local lt="env TZ=Europe/London date +%H:%M" dl="$work/deploy.log" notes="$work/oncall-notes.txt"
  echo " INFO [$(date -u -d '-4 days' '+%F') 10:15:02] fellgate v4.1.3 (0d2c6a9) -> fv-app-1 release $r1, unicorn restarted" > "$dl"
  echo " INFO [$(TZ=Europe/London date '+%F %T')] fellgate v4.2.0 (f83b1e4) -> fv-app-1 release $r2, unicorn restarted (FV-161 vaccination export, FV-150 appointment card cache)" >> "$dl"
  echo "fv-app-1 $(TZ=Europe/London date '+%-d %b %Y')" > "$notes"
  echo "$($lt) v4.2.0 deployed (vaccination export + appointment card cache)" >> "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Europe/London HOME="$base" PORT="$port" unicorn -c "$base/current/config/unicorn.rb" -E production "$base/current/config.ru") &
  local uni=$!
  wait_count "$base/shared/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m start kids; m="$(cat "$base/shared/tmp/pids/unicorn.pid")"; kids="$(pgrep -P "$m" | sort -n | paste -sd, -)"; start="$(date +%s)"
  (TZ=Europe/London exec top -b -d 5 -w 160 -p "$m,$kids") > "$work/top.log" &
  local sampler=$!
  ruby "$here/load.rb" fellgate "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 40
  echo "$($lt) memory alert fv-app-1, unicorn workers. top -b running to top.log" >> "$notes"
  at "$start" 100
  echo "$($lt) workers went up after the v4.2.0 deploy and jump every time someone pulls the vaccination export. looks like v4.2.0 leaks - roll back to v4.1.3?" >> "$notes"
  wait "$load" || true; sleep 2
  stop_bg "$sampler"
  kill -QUIT "$m"; wait "$uni" 2>/dev/null || true
  cp -p "$base/shared/log/production.log" "$base/shared/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "fellgate: master $m workers $kids port $port"; cat "$work/load.stderr"
  rm -rf "$work"
}

for i in "${incidents[@]}"; do
  case "$i" in
    "$S") record_saltings ;;
    "$B") record_brindlewick ;;
    "$G") record_gorsedown ;;
    "$F") record_fellgate ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
