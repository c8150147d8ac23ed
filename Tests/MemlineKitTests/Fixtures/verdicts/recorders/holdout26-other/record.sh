#!/usr/bin/env bash
# Records the holdout26-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), node (20), sysstat, procps, curl.
#   ./record.sh [INCIDENT…]   default: all four
#     h26-beam-pellhaven-trip-matcher-open-trips-restart-beside-fare-table-manifest    beam/      ~100 s
#     h26-jemalloc-quarrygate-rare-rollover-job-beside-frequent-flush-deploy-note     jemalloc/  ~95 s
#     h26-platform-node-larkspur-flag-config-release-beside-blamed-deploy-worker-r14  platform/  ~110 s
#     h26-python-tidewell-native-thumb-buffers-beside-tracemalloc-geocode-cache       python/    ~90 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h26-beam-pellhaven-trip-matcher-open-trips-restart-beside-fare-table-manifest
  h26-jemalloc-quarrygate-rare-rollover-job-beside-frequent-flush-deploy-note
  h26-platform-node-larkspur-flag-config-release-beside-blamed-deploy-worker-r14
  h26-python-tidewell-native-thumb-buffers-beside-tracemalloc-geocode-cache)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
srv() { rm -rf "/srv/$1"; mkdir -p "/srv/$1"; echo "/srv/$1"; } # apps run from /srv/<app>

# h26-beam-pellhaven-trip-matcher-open-trips-restart-beside-fare-table-manifest: beam/*.erl, one OTP 25 node
# (erl -sname pellhaven, TZ=America/Halifax) for BEAM_SECONDS s. The gates cast ~800 taps/s to trip_matcher; ~15 %
# of tap-ins never get a tap-out and sweep/2 never drops them (ms vs s): its heap grows (the culprit). At ~44 s one
# correction with a text delta crashes it; pellhaven_sup restarts it (new pid, empty map, grows again). Traps:
# fare_table ETS (~30 MB, constant), manifest_exporter (~50 MB heap peak every ~16 s, transient), gps_ingest (60k-message burst
# at ~26 s that drains). A hidden probe node (erl -sname ops_probe) prints erlang:memory() and recon-style top
# lists every 5 s over distribution; a shell loop reads /proc/PID/status every 4 s. Logger: file handler with
# rotation (max_no_bytes 6000, 3 files), default multi-line formatter, level info.
record_beam() {
  local seconds="${BEAM_SECONDS:-100}"
  local dest="$out_root/h26-beam-pellhaven-trip-matcher-open-trips-restart-beside-fare-table-manifest" run app
  export TZ=America/Halifax
  run="$(mktemp -d)"; app="$(srv pellhaven)"
  mkdir -p "$app/ebin" "$run/out"
  erlc -o "$app/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/pellhaven.log\",max_no_bytes=>6000,max_no_files=>3},formatter=>{logger_formatter,#{}}}}]"
  (cd "$app" && exec erl -noshell -sname pellhaven -pa ebin -kernel logger_level info \
     -kernel logger "$logger" -eval "pellhaven:start(\"$run/out\", $seconds)" > "$run/erl.out" 2>&1) &
  local erlsh=$! t0; t0="$(date +%H:%M)"
  local p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname pellhaven' | head -1 || true)"; done
  ( while sleep 4; do [ -d /proc/$p ] || break; echo "--- $(date '+%a %b %e %T %Z %Y') pid $p";
      grep -E '^(VmPeak|VmSize|VmHWM|VmRSS|RssAnon|RssFile|Threads)' /proc/$p/status 2>/dev/null || true; done ) > "$run/out/proc-status-loop.txt" &
  local loop=$!
  sleep 2
  (cd "$app" && exec erl -noshell -sname ops_probe -hidden -pa ebin -eval "probe:run('pellhaven@$(hostname -s)', $((seconds - 4)))" > "$run/out/probe.txt" 2>&1) &
  local probe=$!
  wait "$erlsh" || true
  wait "$probe" || true
  kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  local host tk; host="$(hostname -s)"
  tk="$(grep -m1 -B1 'manifest export' "$run/out/pellhaven.log"* | grep -o 'T[0-9][0-9]:[0-9][0-9]' | head -1 | tr -d T || true)"
  {
    echo "# on-call notes $(date +%F) (AST) - pellhaven on fare-gw-3"
    echo "${t0} restarted pellhaven 3.4.1 after the 02:10 memory page; ops_probe attached (erlang:memory + top procs every 5 s), proc status loop every 4 s"
    echo "${tk:-??:??} fare_table ETS is ~30 MB, by far the biggest table. we load every stop pair - should load per zone"
    echo "$(date -d '-40 sec' +%H:%M) manifest_exporter shows up at the top of the process list every export (tens of MB). that's where the memory goes, it builds the whole manifest in memory"
    echo "$(date +%H:%M) stopped for review; saved pellhaven.log*, probe.txt, proc-status-loop.txt"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/pellhaven#g; s#$run#/srv/pellhaven#g; s#@$host#@fare-gw-3#g; s#'$host'#'fare-gw-3'#g" "$run"/out/*
  clean "$dest"
  for f in "$run"/out/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/erl.out" >&2 || true
  echo "beam pid $p" >&2
  rm -rf "$run"
  unset TZ
}

# h26-jemalloc-quarrygate-rare-rollover-job-beside-frequent-flush-deploy-note: jemalloc/quarrygate.c (gcc -O1 -g,
# jemalloc 5.3), TZ=Africa/Johannesburg. quarrygate 2.8.0 runs JE_DEPLOY s, then a scripted deploy stops it and
# starts 2.8.1 (same code, new pid), which runs to JE_SECONDS. jemalloc/weighfeed.py sends ~1500 readings/s after
# replaying a 45,000-reading backlog on every connect (the ring is nearly full seconds after each start).
# ledger_rollover (every 12 s) leaks the old segment index built by segment_index_build (the culprit, both
# versions). Traps: metrics_flush (10 MB scratch every second), the bounded reading ring (ring_push, ~13 MB once
# full), the 2.8.1 deploy the notes blame. MALLOC_CONF=prof:true,prof_final:true,lg_prof_interval:26,
# lg_prof_sample:17. Profiles are shipped renamed without pids (profiles/2.8.0/heap-NN.heap, 2.8.1/…) with
# copy-time mtimes; `pidstat -r -C quarrygate 5` (LC_ALL=C); deploy.log from the deploy function; notes in CRLF.
record_jemalloc() {
  local seconds="${JE_SECONDS:-95}" deploy_at="${JE_DEPLOY:-34}"
  local dest="$out_root/h26-jemalloc-quarrygate-rare-rollover-job-beside-frequent-flush-deploy-note" run app port
  export TZ=Africa/Johannesburg
  run="$(mktemp -d)"; app="$(srv quarrygate)"
  mkdir -p "$run/prof/2.8.0" "$run/prof/2.8.1" "$run/log" "$app/bin" "$app/src"
  port="$(free_port)"
  cp "$here/jemalloc/quarrygate.c" "$app/src/"
  (cd "$app" && gcc -O1 -g -o bin/quarrygate src/quarrygate.c -ljemalloc)
  local mconf="prof:true,prof_final:true,lg_prof_interval:26,lg_prof_sample:17"
  dlog() { echo "$(date '+%F %T %z') [deploy] $*" >> "$run/log/deploy.log"; }
  (cd "$app" && exec env MALLOC_CONF="$mconf,prof_prefix:$run/prof/2.8.0/quarrygate" bin/quarrygate "$port" 2.8.0 12 2>> "$run/log/quarrygate.log") &
  local p1=$! t0 start; t0="$(date +%H:%M)"; start=$(date +%s)
  sleep 0.5
  LC_ALL=C pidstat -r -C quarrygate 5 > "$run/log/pidstat.txt" &
  local stat=$!
  python3 "$here/jemalloc/weighfeed.py" "$port" "$((seconds - 1))" 1500 45000 2> "$run/weighfeed.err" &
  local load=$!
  sleep $(( start + deploy_at - $(date +%s) ))
  dlog "quarrygate 2.8.1 (git 5d0c2e7) requested by thandi: 'batch weighbridge ack + ticket grade field'"
  dlog "fetched quarrygate-2.8.1-linux-amd64.tar.gz sha256 ok, unpacked to /srv/quarrygate/releases/20261207-2.8.1"
  dlog "stopping quarrygate 2.8.0 (pid $p1, SIGTERM)"
  kill -TERM "$p1"; wait "$p1" || true
  dlog "quarrygate 2.8.0 exited 0; symlink current -> releases/20261207-2.8.1"
  (cd "$app" && exec env MALLOC_CONF="$mconf,prof_prefix:$run/prof/2.8.1/quarrygate" bin/quarrygate "$port" 2.8.1 12 2>> "$run/log/quarrygate.log") &
  local p2=$! td; td="$(date +%H:%M)"
  sleep 0.3
  dlog "started quarrygate 2.8.1 (pid $p2); health check ok; deploy finished"
  wait "$load" || true
  kill -TERM "$p2"; wait "$p2" || true
  sleep 5.5
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  {
    echo "on-call notes $(date +%F) (SAST) - quarrygate on wb-ingest-1"
    echo "${t0} restarted quarrygate with heap profiling on (prof:true, dump every 64 MiB allocated + at exit) after the RSS alert"
    echo "${td} thandi deployed 2.8.1 (batch ack + grade field). RSS climbing since the deploy - 2.8.1 must be it, the grade field is parsed per reading"
    echo "$(date +%H:%M) metrics_flush allocates 10 MB every second, that's the other suspect. stopped, copied profiles + logs + binary"
  } | sed 's/$/\r/' > "$run/log/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles/2.8.0" "$dest/profiles/2.8.1"
  local f v n copied; copied="$(date -d '+1 day' '+%F 08:12:44')"
  for v in 2.8.0 2.8.1; do
    n=0
    for f in $(cd "$run/prof/$v" && ls *.heap | sort -t. -k3,3n); do
      n=$((n + 1))
      sed "s#$app/bin/#/srv/quarrygate/current/bin/#g" "$run/prof/$v/$f" > "$dest/profiles/$v/heap-$(printf %02d $n).heap"
      touch -d "$copied" "$dest/profiles/$v/heap-$(printf %02d $n).heap"
    done
  done
  cp "$app/bin/quarrygate" "$dest/bin/"
  for f in quarrygate.log deploy.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/weighfeed.err" >&2
  ls -l "$run"/prof/*/ >&2
  echo "p1 $p1 p2 $p2 start $t0 deploy $td" >&2
  rm -rf "$run"
  unset TZ
}

# h26-python-tidewell-native-thumb-buffers-beside-tracemalloc-geocode-cache: python/tidewell (Debian's
# /usr/bin/python3 3.11, ThreadingHTTPServer) with tracemalloc on, TZ=Europe/London. python/harbourload.py sends ~40 requests/s for
# PY_SECONDS s. GET /tiles/:id/thumb?fmt=webp goes through the native libthumbkit.so (python/thumbkit.c, gcc -O1 -g,
# loaded with ctypes), whose thumb_webp_palette leaks 64 KiB per call: not Python memory, tracemalloc cannot see
# it (the culprit). Traps: geocode._cache (unbounded but small, the top growth line in every tracemalloc compare),
# GET /reports/tides.csv at ~15 s (~50 MB transient). Ops POST /debug/tracemalloc every 20 s (snapshots shipped as
# tracemalloc/snap-N.txt with copy-time mtimes); a `ps` loop every 5 s (date -R stamps); access.log rotated by size, each line
# ending in rss_kb= (memory-report middleware).
record_python() {
  local seconds="${PY_SECONDS:-90}"
  local dest="$out_root/h26-python-tidewell-native-thumb-buffers-beside-tracemalloc-geocode-cache" run app port
  export TZ=Europe/London
  run="$(mktemp -d)"; app="$(srv tidewell)"
  mkdir -p "$run/log" "$run/snap" "$app/lib" "$app/src"
  port="$(free_port)"
  cp -r "$here/python/tidewell" "$app/"
  cp "$here/python/thumbkit.c" "$app/src/"
  (cd "$app" && gcc -O1 -g -shared -fPIC -o lib/libthumbkit.so src/thumbkit.c)
  (cd "$app" && exec env TIDEWELL_LOG_DIR="$run/log" TIDEWELL_SNAP_DIR="$run/snap" TIDEWELL_TRACEMALLOC=1 \
     /usr/bin/python3 tidewell/app.py "$port" 2> "$run/app.err") &
  local p=$! t0 start; t0="$(date +%H:%M)"; start=$(date +%s)
  sleep 1
  ( while sleep 5; do [ -d /proc/$p ] || break; date -R; ps -o pid,rss,vsz,etime,args -p "$p" | sed 1d; done ) > "$run/log/ps-tidewell.txt" &
  local loop=$!
  ( k=0; while sleep 20; do [ -d /proc/$p ] || break; k=$((k + 1));
      curl -s -X POST "http://127.0.0.1:$port/debug/tracemalloc" > "$run/snap/snap-$k.txt" || true; done ) &
  local snaps=$!
  python3 "$here/python/harbourload.py" "$port" "$((seconds - 2))" 40 14 2> "$run/load.err"
  kill "$snaps" 2>/dev/null || true; wait "$snaps" 2>/dev/null || true
  curl -s -X POST "http://127.0.0.1:$port/debug/tracemalloc" > "$run/snap/snap-final.txt" || true
  kill -TERM "$p"; wait "$p" || true
  kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true
  local tr; tr="$(grep -m1 'reports/tides' "$run"/log/access.log* | grep -o ':[0-9][0-9]:[0-9][0-9]:' | head -1 | cut -c2-6 || true)"
  {
    echo "# on-call notes $(date +%F) (GMT) - tidewell on portal-web-2"
    echo "${t0} restarted tidewell 5.2.0 with TIDEWELL_TRACEMALLOC=1 after the RSS alert; snapshot every 20 s (POST /debug/tracemalloc), ps every 5 s"
    echo "${tr:-??:??} harbour master pulled the yearly tides.csv export, RSS jumped"
    echo "$(date +%H:%M) tracemalloc: geocode.py is the top growth line in every compare. geocode._cache has no eviction - that's our leak, add an LRU"
  } > "$run/log/oncall-notes.txt"
  sed -i "s#$run/log#/var/log/tidewell#g; s#$run#/srv/tidewell#g" "$run"/snap/* "$run"/log/tidewell.log
  clean "$dest"; mkdir -p "$dest/tracemalloc" "$dest/lib"
  local f copied; copied="$(date -d '+3 days' '+%F 14:02:19')"
  for f in "$run"/snap/*; do cp "$f" "$dest/tracemalloc/$(basename "$f")"; touch -d "$copied" "$dest/tracemalloc/$(basename "$f")"; done
  cp "$app/lib/libthumbkit.so" "$dest/lib/"
  for f in "$run"/log/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/load.err" "$run/app.err" >&2
  echo "pid $p start $t0" >&2
  rm -rf "$run"
  unset TZ
}

# h26-platform-node-larkspur-flag-config-release-beside-blamed-deploy-worker-r14: platform/dynohost.py with
# platform/larkspur.json (Heroku-style platform over real Node 20 dynos: web.1 and web.2 `node web.js`, worker.1
# `node --expose-gc worker.js`; log-runtime-metrics every 20 s per dyno, quota 512 MB; HTTPS drain frames with octet counts).
# Release v203 (deploy 9f3e1ab) boots the dynos. At 28 s `heroku config:set PRICE_EXPLAIN=on` makes release v204
# and restarts every dyno; from then on pricing.js explainPrice keeps a ~50 KB trace per GET /plants/:id in a Map
# that is never pruned (the culprit, both web dynos). Traps: the v203 deploy (blamed), SitemapRebuildJob on
# worker.1 at ~40 s after its boot (540 MB held 22 s, R14, then freed), ImageVariantJob every ~2 s.
record_platform() {
  local dest="$out_root/h26-platform-node-larkspur-flag-config-release-beside-blamed-deploy-worker-r14" run app
  run="$(mktemp -d)"; app="$(srv larkspur)"
  cp "$here"/platform/*.js "$here"/platform/dynohost.py "$app/"
  local t0; t0="$(date -u +%H:%M)"
  (cd "$app" && python3 dynohost.py "$here/platform/larkspur.json" "$run/larkspur-drain.log" 2> "$run/platform.err")
  local r14 tc; r14="$(grep -m1 'Error R14' "$run/larkspur-drain.log" | grep -o 'T[0-9:]*' | head -1 | cut -c2-6 || true)"
  tc="$(grep -m1 'Set PRICE_EXPLAIN' "$run/larkspur-drain.log" | grep -o 'T[0-9:]*' | head -1 | cut -c2-6 || true)"
  {
    echo "# on-call notes $(date -u +%F) UTC - larkspur-nursery (drain saved from the log sink)"
    echo "${t0} oisin deployed v203 (9f3e1ab, new checkout flow) just before this; watching memory on all dynos"
    echo "${tc:-??:??} mirren turned on PRICE_EXPLAIN for the support team (v204, config only)"
    echo "${r14:-??:??} R14 on worker.1 - SitemapRebuildJob again. that's the memory problem, it builds the whole sitemap in one buffer"
    echo "$(date -u +%H:%M) web dynos creeping up too since the v203 deploy - the new checkout code? saved the drain, will roll back v203 if it keeps going"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$run/larkspur-drain.log" "$dest/larkspur-drain.log"
  ship "$run/oncall-notes.txt" "$dest/oncall-notes.txt"
  cat "$run/platform.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h26-beam-pellhaven-trip-matcher-open-trips-restart-beside-fare-table-manifest) record_beam ;;
    h26-jemalloc-quarrygate-rare-rollover-job-beside-frequent-flush-deploy-note) record_jemalloc ;;
    h26-platform-node-larkspur-flag-config-release-beside-blamed-deploy-worker-r14) record_platform ;;
    h26-python-tidewell-native-thumb-buffers-beside-tracemalloc-geocode-cache) record_python ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
