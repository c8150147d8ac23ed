#!/usr/bin/env bash
# Records the holdout31-ruby verdict incidents (not run by CI). Needs Debian 12 as root: ruby 3.1 (objspace, zlib),
# Debian's puma 5.6.5, Debian's unicorn 6.0, sysstat (pidstat), procps (ps, top), gzip, coreutils.
# The apps run from /srv/<app>, so the artifacts name /srv/<app> as written.
#   ./record.sh [INCIDENT…]   default: all four, one at a time (RUN_SCALE=0.3 OUT_ROOT=DIR: a short smoke run into DIR)
#     h31-unicorn-copperbeck-kennels-feeding-charts-respawned-worker-beside-invoice-export-timeout   copperbeck/ (110 s)
#     h31-sidekiq-json-sedgeley-orchards-native-deflate-streams-beside-pallet-route-cache           sedgeley/   (110 s, no web)
#     h31-puma-cluster-cresswell-bakery-northgate-keepalive-worker-beside-daily-bake-pdf-v5-3-deploy cresswell/  (110 s)
#     h31-puma-nandihills-tea-lot-view-tracker-v7-2-deploy-beside-catalogue-pdf-bid-ticker-flag      nandihills/ (120 s)
# Text over ~100 KB is gzipped (-9 -n); expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="${OUT_ROOT:-$(cd "$here/../.." && pwd)}"
scale="${RUN_SCALE:-1}"
A=h31-unicorn-copperbeck-kennels-feeding-charts-respawned-worker-beside-invoice-export-timeout
B=h31-sidekiq-json-sedgeley-orchards-native-deflate-streams-beside-pallet-route-cache
C=h31-puma-cluster-cresswell-bakery-northgate-keepalive-worker-beside-daily-bake-pdf-v5-3-deploy
D=h31-puma-nandihills-tea-lot-view-tracker-v7-2-deploy-beside-catalogue-pdf-bid-ticker-flag
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=("$A" "$B" "$C" "$D")
cd /; unset OLDPWD

s() { ruby -e 'print [(ARGV[0].to_f * ARGV[1].to_f).round, 1].max' "$1" "$scale"; }
free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_file() { for _ in $(seq 600); do [ -s "$1" ] && return 0; sleep 0.2; done; echo "no $1" >&2; return 1; }
wait_grep() { for _ in $(seq 400); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "no '$2' in $1" >&2; return 1; }
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
at() { local d=$(( $1 + $(s "$2") - $(date +%s) )); [ "$d" -gt 0 ] && sleep "$d"; return 0; }   # at START OFFSET
stop_bg() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
crlf() { sed -i 's/$/\r/' "$1"; }
children() { ps -o pid= --ppid "$1" | tr -d ' ' | paste -sd, -; }

# A: Copperbeck Kennels' booking app on ck-app-2, unicorn 6.0 with 2 workers (timeout 12, preload_app), Pacific/Auckland
# (NZDT, +1300). Every GET /stays/:id/feeding (FeedingController#show) memoises the stay's chart in FeedingPlan::CHARTS
# under a key meant to be per minute but stamped to the millisecond (CK-772): ~31 KB kept per request in whichever worker
# served it, never dropped. GET /exports/invoices.csv builds months of rows in memory (garbage); the month=all run at
# ~52 s outlives the 12 s timeout and the master SIGKILLs that worker and forks a new one (new pid), which starts the
# leak again from its fork. Artifacts: Rails production.log (Logger format with pids, request-id tags), Rack
# CommonLogger access.log, unicorn.stderr.log, a ps loop every 5 s, two per-worker heap dumps (kill -URG, since fork,
# allocation sites), on-call notes from a Windows laptop (CRLF) blaming the export.
record_copperbeck() {
  local seconds; seconds="$(s 110)"; local base=/srv/copperbeck dest="$out_root/$A" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base"; cp -r "$here/copperbeck/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local lt="env TZ=Pacific/Auckland date +%H:%M" notes="$work/oncall-notes.txt"
  echo "ck-app-2 memory $(TZ=Pacific/Auckland date '+%a %-d %b') (NZ time) - tomasz" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Pacific/Auckland HOME="$base" PORT="$port" RACK_ENV=production unicorn -c "$base/config/unicorn.rb" -E production -D "$base/config.ru")
  wait_file "$base/tmp/pids/unicorn.pid"; wait_port "$port"
  local master start; master="$(cat "$base/tmp/pids/unicorn.pid")"; start="$(date +%s)"
  wait_grep "$base/log/unicorn.stderr.log" "worker=1 ready"
  (while true; do TZ=Pacific/Auckland date '+%F %T %z'; ps -o pid,ppid,rss,vsz,etime,args -p "$master" --ppid "$master"; sleep 5; done) > "$work/ps-unicorn.log" &
  local sampler=$!
  ruby "$here/load.rb" copperbeck "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 20; echo "$($lt) invoice export for Nov ran (bookkeeping), fine" >> "$notes"
  at "$start" 70; echo "$($lt) alert: ck-app-2 unicorn worker memory. unicorn.stderr says worker killed on timeout - the month=all invoice export (someone asked for ALL months)" >> "$notes"
  at "$start" 100
  local w; for w in $(children "$master" | tr , ' '); do kill -URG "$w"; done
  sleep 4
  echo "$($lt) took heap dumps of both workers (kill -URG). memory climbing since the export blew up, export is the problem - cap it to one month (CK-790)" >> "$notes"
  wait "$load" || true; sleep 1
  stop_bg "$sampler"
  kill -QUIT "$master"; for _ in $(seq 50); do kill -0 "$master" 2>/dev/null || break; sleep 0.2; done
  cp -p "$base/log/production.log" "$base/log/access.log" "$base/log/unicorn.stderr.log" "$work/"
  for w in "$base"/tmp/heap-*.json; do gzip -9 -n -c "$w" > "$work/$(basename "$w").gz"; done
  crlf "$notes"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *.gz) cp -p "$f" "$dest/" ;; *) ship "$f" "$dest" ;; esac; done
  echo "copperbeck: master $master, port $port"; cat "$work/load.stderr"; grep -E 'timeout|reaped|ready' "$base/log/unicorn.stderr.log"
  rm -rf "$work"
}

# B: Sedgeley Orchards' cold-store job runner on so-jobs-1 (a Sidekiq 7-style runner, concurrency 5, JSON log lines;
# host clock Europe/Dublin, GMT +0000). ProbeArchiveJob (every 6 s, archive queue) opens a Zlib::Deflate stream
# (level 9, memLevel 9) per probe and batch in ProbeArchive::OPEN and never closes it: the roll-over looks for the
# previous batch by a number the batch stamp never has (SO-297). ~300 KB of zlib state per stream outside the Ruby
# heap, 12 streams a run; the heap dumps see only the small Zlib::Deflate objects. Traps: PalletScanJob (every 0.5 s,
# the busiest job) fills PalletRouteCache (a few KB per new pallet, the biggest growth the dumps can see), and
# HarvestForecastJob (every 20 s, scratch rows). Artifacts: sidekiq.log rotated by copytruncate at ~60 s
# (sidekiq.log.1 + sidekiq.log), a /proc/PID/status loop every 10 s (Unix seconds), two heap dumps copied off as
# dump-a.json / dump-b.json (no pid, mtimes lost), the runner's config, notes blaming the route cache.
record_sedgeley() {
  local seconds; seconds="$(s 110)"; local base=/srv/sedgeley dest="$out_root/$B" work
  work="$(mktemp -d)"; rm -rf "$base"
  mkdir -p "$base"; cp -r "$here/sedgeley/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local lt="env TZ=Europe/Dublin date +%H:%M" notes="$work/oncall-notes.txt"
  echo "so-jobs-1 (sidekiq box) memory - $(TZ=Europe/Dublin date '+%d/%m/%Y')" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Europe/Dublin HOME="$base" HEAP_TRACE=1 RAILS_ENV=production ruby bin/sidekiq -C config/sidekiq.yml) &
  local sk=$!
  wait_file "$base/tmp/pids/sidekiq.pid"
  local pid start; pid="$(cat "$base/tmp/pids/sidekiq.pid")"; start="$(date +%s)"
  (while true; do echo "== $(date +%s)"; grep -E '^(VmPeak|VmSize|VmHWM|VmRSS|RssAnon|RssFile|VmData|Threads)' "/proc/$pid/status"; sleep 10; done) > "$work/proc-status.log" &
  local sampler=$!
  at "$start" 25
  touch "$base/tmp/heapdump.request"; wait_grep "$base/log/sidekiq.log" "heap dump written"; cp "$base/tmp/heap.json" "$work/dump-a.json"; rm -f "$base/tmp/heap.json"
  echo "$($lt) heap dump a taken (tmp/heapdump.request)" >> "$notes"
  at "$start" 60
  cp "$base/log/sidekiq.log" "$work/sidekiq.log.1"; truncate -s 0 "$base/log/sidekiq.log"   # logrotate copytruncate
  at "$start" 70
  echo "$($lt) page: so-jobs-1 memory. /proc status every 10s -> proc-status.log" >> "$notes"
  at "$start" 100
  touch "$base/tmp/heapdump.request"; wait_grep "$base/log/sidekiq.log" "heap dump written"; cp "$base/tmp/heap.json" "$work/dump-b.json"
  echo "$($lt) dump b. diff a->b: PalletRouteCache::ROUTES is what grew (strings from pallet_route_cache.rb). PalletScanJob runs twice a second and never evicts - that's the leak, add a TTL (SO-320)" >> "$notes"
  at "$start" 110
  stop_bg "$sampler"
  kill -TERM "$sk"; wait "$sk" 2>/dev/null || true
  cp -p "$base/log/sidekiq.log" "$base/config/sidekiq.yml" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *dump-*.json) gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz" ;; *) ship "$f" "$dest" ;; esac; done
  echo "sedgeley: sidekiq pid $pid"; ls -la "$base/tmp"
  rm -rf "$work"
}

# C: Cresswell Bakery's wholesale ordering app on cb-web-1, puma 5.6.5 cluster (2 workers x 3 threads, preload),
# America/Chicago (CST, -0600). The v5.3.0 deploy is the cold start at the beginning (deploy.log). The Northgate Co-op's
# ERP syncs orders over one keep-alive connection (X-Tenant northgate-coop, ~3 requests/s), so all its requests land in
# one worker. Contract-priced tenants get each order's worked quote kept in TenantPricing::AUDIT (CB-514, shipped in
# v5.2.4), never dropped: ~48 KB per Northgate GET /api/v1/orders/:id, only in that worker. Traps: GET
# /reports/daily-bake.pdf (ReportsController#daily_bake, 4 runs, 45k tray strings of garbage, big jumps in whichever
# worker serves them), the v5.3.0 deploy the notes blame, the other worker. Artifacts: lograge key=value production.log (pid, tenant), gc_stats.log (GC.stat
# in a JSON envelope per worker every 10 s), pidstat -r -h for master and workers every 10 s, puma.stdout.log,
# deploy.log, notes.
record_cresswell() {
  local seconds; seconds="$(s 110)"; local base=/srv/cresswell dest="$out_root/$C" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base"; cp -r "$here/cresswell/." "$base/"; mkdir -p "$base/log" "$base/tmp/pids"
  local lt="env TZ=America/Chicago date +%H:%M" dl="$work/deploy.log" notes="$work/oncall-notes.txt"
  echo "[$(TZ=America/Chicago date -d '-6 days' '+%F') 10:12:44 -0600] cresswell v5.2.4 (1b7e03a) -> cb-web-1 ok (puma restart) by dee.k: CB-514 contract pricing audit, CB-511 allergen labels" > "$dl"
  echo "[$(TZ=America/Chicago date '+%F %T %z')] cresswell v5.3.0 (e61c9f2) -> cb-web-1 ok (puma restart) by dee.k: CB-509 bake sheet PDF v2, CB-517 shop photos" >> "$dl"
  echo "cb-web-1 $(TZ=America/Chicago date '+%b %-d') (central)" > "$notes"
  echo "$($lt) v5.3.0 deployed (bake sheet pdf v2)" >> "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=America/Chicago HOME="$base" PORT="$port" RACK_ENV=production puma -C "$base/config/puma.rb") &
  local pu=$!
  wait_port "$port"; wait_file "$base/tmp/pids/puma.pid"
  local pid start; pid="$(cat "$base/tmp/pids/puma.pid")"; start="$(date +%s)"
  for _ in $(seq 50); do [ "$(children "$pid" | tr , '\n' | grep -c .)" -ge 2 ] && break; sleep 0.2; done
  (TZ=America/Chicago exec pidstat -r -h -p "$pid,$(children "$pid")" 10) > "$work/pidstat.log" &
  local sampler=$!
  ruby "$here/load.rb" cresswell "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 45; echo "$($lt) bake sheet pdf ran for tomorrow, puma memory jumped" >> "$notes"
  at "$start" 80; echo "$($lt) memory warning cb-web-1 puma. pidstat running (10s)" >> "$notes"
  at "$start" 104
  echo "$($lt) memory up since v5.3.0 went out and jumps every time the bake sheet PDF renders (CB-509 v2 is much bigger). roll back to v5.2.4?" >> "$notes"
  wait "$load" || true; sleep 1
  stop_bg "$sampler"
  kill -TERM "$pid"; wait "$pu" 2>/dev/null || true
  cp -p "$base/log/production.log" "$base/log/gc_stats.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "cresswell: puma master $pid, port $port"; cat "$work/load.stderr"
  rm -rf "$work"
}

# D: the Nandi Hills tea auction portal on nh-web-1, puma 5.6.5 single mode (5 threads) under Capistrano releases,
# Asia/Kolkata (IST, +0530). Release v7.1.3 serves the first ~45 s; then v7.2.0 is deployed (new release directory,
# current symlink, puma stopped and started: new pid). v7.2.0 adds the LotViewTracker middleware (NH-233): every
# GET /lots/:id keeps the view with a copy of the lot card and the request headers in LotViewTracker::VIEWS, up to 20
# per lot but for every lot ever viewed (~28 KB a view): the growth starts with the deploy. Traps: GET
# /auctions/:id/catalogue.pdf (CataloguesController#show, 4 runs, 2 in each release, ~40k strings of garbage), and the
# live_bid_ticker feature flag turned on at ~78 s (does nothing to memory), which the notes blame. Artifacts:
# production.log (Rails SimpleFormatter with request-id tags: only Started lines carry a time), a top -b loop every
# 20 s (sparse), Capistrano's revisions.log, puma.stdout.log across both boots, notes.
record_nandihills() {
  local seconds; seconds="$(s 120)"; local base=/srv/nandihills dest="$out_root/$D" port work
  work="$(mktemp -d)"; rm -rf "$base"; port="$(free_port)"
  mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids" "$base/shared/config"
  cp "$here/nandihills/shared/config/puma.rb" "$base/shared/config/"
  local r1 r2; r1="$(date -u -d '-8 days' '+%Y%m%d')052214"
  mkdir -p "$base/releases/$r1"; cp -r "$here/nandihills/v7.1.3/." "$base/releases/$r1/"; echo "v7.1.3 3c8d0f1" > "$base/releases/$r1/REVISION"
  ln -sfn "$base/releases/$r1" "$base/current"
  echo "Branch release/7.1 (at 3c8d0f1) deployed as release $r1 by ravi" > "$base/revisions.log"
  local lt="env TZ=Asia/Kolkata date +%H:%M" notes="$work/oncall-notes.txt"
  echo "nh-web-1 memory $(TZ=Asia/Kolkata date '+%d-%b') IST" > "$notes"
  boot() { (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=Asia/Kolkata HOME="$base" PORT="$port" RACK_ENV=production puma -C "$base/shared/config/puma.rb") & }
  rm -f "$base/shared/tmp/pids/puma.pid"; boot; local pu1=$!
  wait_port "$port"; wait_file "$base/shared/tmp/pids/puma.pid"
  local pid1 pid2 start; pid1="$(cat "$base/shared/tmp/pids/puma.pid")"; start="$(date +%s)"
  (while true; do TZ=Asia/Kolkata top -b -n 1 -p "$(cat "$base/shared/tmp/pids/puma.pid" 2>/dev/null || echo 1)" | head -8; echo; sleep 20; done) > "$work/top-puma.log" &
  local sampler=$!
  ruby "$here/load.rb" nandihills "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  at "$start" 45
  r2="$(date -u '+%Y%m%d%H%M%S')"
  mkdir -p "$base/releases/$r2"; cp -r "$here/nandihills/v7.2.0/." "$base/releases/$r2/"; echo "v7.2.0 a91e44b" > "$base/releases/$r2/REVISION"
  ln -sfn "$base/releases/$r2" "$base/current"
  echo "Branch release/7.2 (at a91e44b) deployed as release $r2 by ravi" >> "$base/revisions.log"
  kill -TERM "$pid1"; wait "$pu1" 2>/dev/null || true
  rm -f "$base/shared/tmp/pids/puma.pid"; boot; local pu2=$!
  wait_port "$port"; wait_file "$base/shared/tmp/pids/puma.pid"; pid2="$(cat "$base/shared/tmp/pids/puma.pid")"
  echo "$($lt) v7.2.0 deployed (trending lots tile NH-233, invoice filters)" >> "$notes"
  at "$start" 78
  curl -s -X POST -H "X-Request-Id: $(cat /proc/sys/kernel/random/uuid)" -H "X-Forwarded-For: 10.20.4.17" "http://127.0.0.1:$port/admin/flags/live_bid_ticker/enable" > /dev/null
  echo "$($lt) priya turned on live_bid_ticker for the 11:00 sale" >> "$notes"
  at "$start" 96
  echo "$($lt) alert nh-web-1 puma memory. top every 20s in top-puma.log" >> "$notes"
  at "$start" 114
  echo "$($lt) memory going up since the bid ticker went on (keeps a live feed per buyer?). asked priya to switch live_bid_ticker off after the sale. catalogue PDF spikes as usual" >> "$notes"
  wait "$load" || true; sleep 1
  stop_bg "$sampler"
  kill -TERM "$pid2"; wait "$pu2" 2>/dev/null || true
  cp -p "$base/shared/log/production.log" "$base/shared/log/puma.stdout.log" "$base/revisions.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "nandihills: puma $pid1 (v7.1.3, release $r1) then $pid2 (v7.2.0, release $r2), port $port"; cat "$work/load.stderr"
  rm -rf "$work"
}

for i in "${incidents[@]}"; do
  case "$i" in
    "$A") record_copperbeck ;;
    "$B") record_sedgeley ;;
    "$C") record_cresswell ;;
    "$D") record_nandihills ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
