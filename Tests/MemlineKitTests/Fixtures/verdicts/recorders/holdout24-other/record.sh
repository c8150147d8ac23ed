#!/usr/bin/env bash
# Records the holdout24-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), nodejs (18+), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h24-beam-wychcombe-pallet-tally-state-max-heap-kill-beside-lane-scorer     beam/       ~125 s
#     h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron        jemalloc/   ~120 s
#     h24-platform-hobbleford-manifest-import-one-dyno-beside-sitemap-job         platform/   ~150 s
#     h24-platform-fernacre-node-plateau-spike-cycling-deploy-control             platform/   ~155 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h24-beam-wychcombe-pallet-tally-state-max-heap-kill-beside-lane-scorer
  h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron
  h24-platform-hobbleford-manifest-import-one-dyno-beside-sitemap-job
  h24-platform-fernacre-node-plateau-spike-cycling-deploy-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# h24-beam-wychcombe-pallet-tally-state-max-heap-kill-beside-lane-scorer: beam/*.erl, one OTP 25 node
# (erl -noshell -sname wychcombe, TZ=Europe/Helsinki) for BEAM_SECONDS s. pallet_tally (registered gen_server)
# keeps every scan in its state (the leak); its max_heap_size (13M words, kill) is reached mid-run, the VM kills
# it and wychcombe_sup starts it again (new pid), after which it grows again. lane_scorer churns a ~60k-element
# list every 300 ms (garbage, 20-40 MB process, trap). Logger: the default file handler, default formatter
# (multi-line, local time with offset), level info (supervisor progress reports). The node's own probe writes
# memory-probe.txt every 4 s; `pidstat -r -p BEAM 5` in local time.
record_beam() {
  local seconds="${BEAM_SECONDS:-120}"
  local dest="$out_root/h24-beam-wychcombe-pallet-tally-state-max-heap-kill-beside-lane-scorer" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/wychcombe.log\"},formatter=>{logger_formatter,#{single_line=>false}}}}]"
  (cd "$run" && TZ=Europe/Helsinki exec erl -noshell -sname wychcombe -pa ebin -kernel logger_level info \
     -kernel logger "$logger" -eval "wychcombe:start(\"$run/out\", $seconds)" > "$run/erl.out" 2>&1) &
  local erlsh=$! t0; t0="$(TZ=Europe/Helsinki date +%H:%M)"
  local p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname wychcombe' | head -1 || true)"; done
  TZ=Europe/Helsinki pidstat -r -p "$p" 5 > "$run/out/pidstat-beam.txt" &
  local stat=$!
  wait "$erlsh" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" 2>/dev/null || true
  local host tk; host="$(hostname -s)"
  tk="$(grep -m1 -B2 'maximum heap size reached' "$run/out/wychcombe.log" | head -1 | cut -c12-16 || true)"
  {
    echo "# on-call notes $(TZ=Europe/Helsinki date +%F) (Europe/Helsinki) - wychcombe on dock-east-2"
    echo "${t0} wychcombe 3.4.1 restarted for the evening shift, memory alert from last night. probe every 4 s, pidstat every 5 s"
    echo "${t0} lane_scorer is again the biggest process on the node (20-40 MB) and burns the most reductions, the rescoring must be leaking"
    echo "${tk:-??:??} something got killed and restarted by the supervisor, memory dipped and climbed right back"
    echo "$(TZ=Europe/Helsinki date +%H:%M) stopped for review; kept wychcombe.log, memory-probe.txt, pidstat-beam.txt"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/wychcombe#g; s#$run#/srv/wychcombe#g; s#@$host#@dock-east-2#g; s#($host)#(dock-east-2)#g" "$run"/out/*.txt "$run/out/wychcombe.log"
  clean "$dest"
  for f in wychcombe.log memory-probe.txt pidstat-beam.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  cat "$run/erl.out" >&2 || true
  echo "beam pid $p" >&2
  rm -rf "$run"
}

# h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron: jemalloc/tallowmere.c built as 2.3.0 and
# 2.4.0 (-DTM_FINGERPRINTS), gcc -O2 -g1, jemalloc 5.3, MALLOC_CONF=prof:true,prof_final:true,
# prof_prefix:<dir>/tallowmere,lg_prof_interval:25,lg_prof_sample:17 (a dump every 32 MiB allocated + one at exit),
# TZ=America/Sao_Paulo. 2.3.0 runs from the start; at JE_DEPLOY_AT s the deploy script stops it (SIGTERM) and starts
# 2.4.0 on the same port (new pid): 2.4.0's claim_fingerprint_keep keeps every claim body (the leak). The rollup cron
# (POST /admin/rollup: 48 MiB held ~0.8 s) runs at JE_CRON1 s and JE_CRON2 s (trap), logged by cron in syslog.
# jemalloc/loadgen.py ~95 requests/s. `pidstat -r -C tallowmere 3`. Profiles shipped with copy-time mtimes (3 days
# later, as scp without -p leaves them).
record_jemalloc() {
  local seconds="${JE_SECONDS:-118}" deploy_at="${JE_DEPLOY_AT:-44}" c1="${JE_CRON1:-21}" c2="${JE_CRON2:-86}"
  local dest="$out_root/h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron" run port
  export TZ=America/Sao_Paulo
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/releases/2.3.0" "$run/releases/2.4.0" "$run/log"
  port="$(free_port)"; echo "$port" > "$run/port"
  gcc -g1 -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/tallowmere -fdebug-prefix-map="$here"=/usr/src/tallowmere -fdebug-prefix-map="$run"=/usr/src/tallowmere -DTM_VERSION='"2.3.0"' \
    -o "$run/releases/2.3.0/tallowmere-2.3.0" "$here/jemalloc/tallowmere.c" -ljemalloc
  gcc -g1 -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/tallowmere -fdebug-prefix-map="$here"=/usr/src/tallowmere -fdebug-prefix-map="$run"=/usr/src/tallowmere -DTM_VERSION='"2.4.0"' -DTM_FINGERPRINTS \
    -o "$run/releases/2.4.0/tallowmere-2.4.0" "$here/jemalloc/tallowmere.c" -ljemalloc
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/tallowmere,lg_prof_interval:25,lg_prof_sample:17"
  local iso='+%Y-%m-%dT%H:%M:%S.%6N%:z' host=claims-node-3
  (cd "$run" && exec env MALLOC_CONF="$mconf" releases/2.3.0/tallowmere-2.3.0 "$port" "$run/log/access.log" 2>> "$run/log/tallowmere.err") &
  local old=$! t0; t0="$(date +%H:%M)"
  sleep 0.5
  LC_ALL=C pidstat -r -C tallowmere 3 > "$run/log/pidstat.txt" &
  local stat=$!
  python3 "$here/jemalloc/loadgen.py" "$run/port" "$seconds" 2> "$run/loadgen.err" &
  local load=$! start; start=$(date +%s)
  cron() {
    sleep $(( start + $1 - $(date +%s) ))
    echo "$(date "$iso") $host CRON[$((20000 + RANDOM % 9000))]: (tallow) CMD (curl -fsS -X POST http://127.0.0.1:$port/admin/rollup >/dev/null)" >> "$run/log/syslog"
    curl -fsS -X POST "http://127.0.0.1:$port/admin/rollup" > /dev/null
  }
  cron "$c1"
  sleep $(( start + deploy_at - $(date +%s) ))
  {
    echo "$(date "$iso") deploy[$$]: tallowmere 2.4.0 (commit 5e81c0d \"duplicate claim guard\", CLM-412) by joaquim: starting"
    echo "$(date "$iso") deploy[$$]: stopping tallowmere 2.3.0 (pid $old)"
    kill -TERM "$old"; wait "$old" || true
    (cd "$run" && exec env MALLOC_CONF="$mconf" releases/2.4.0/tallowmere-2.4.0 "$port" "$run/log/access.log" 2>> "$run/log/tallowmere.err") &
    new=$!
    sleep 0.3
    echo "$(date "$iso") deploy[$$]: started tallowmere 2.4.0 (pid $new), healthz ok: $(curl -fsS "http://127.0.0.1:$port/healthz")"
    echo "$(date "$iso") deploy[$$]: tallowmere 2.4.0 deployed"
  } >> "$run/log/deploy.log"
  local td; td="$(date +%H:%M)"
  cron "$c2"
  wait "$load" || true
  sleep 1
  kill -TERM "$new"; wait "$new" || true
  sleep 3.2
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  {
    echo "# on-call notes $(date +%F) (America/Sao_Paulo) - tallowmere on $host"
    echo "${t0} restarted tallowmere with jemalloc heap profiling on (dump every 32 MiB allocated + at exit) after the weekend RSS alert"
    echo "$(date -d "@$((start + c1))" +%H:%M) rollup cron fired, RSS jumped ~50 MB. that cron went from hourly to every minute last week (OPS-2207) - suspect"
    echo "${td} joaquim deployed 2.4.0 (duplicate claim guard) as planned"
    echo "$(date -d "@$((start + c2))" +%H:%M) rollup again, another jump. RSS is higher than this morning too"
    echo "$(date +%H:%M) stopped; scp'd the heap profiles, access.log, deploy.log, syslog excerpt, pidstat"
  } > "$run/log/oncall-notes.txt"
  sed -i "s#$run/log#/var/log/tallowmere#g; s#$run#/opt/tallowmere#g" "$run/log/tallowmere.err"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f copied; copied="$(date -d '+3 days' '+%F 10:12:41')"
  for f in "$run"/prof/*.heap; do sed "s#$run/releases/#/opt/tallowmere/releases/#g" "$f" > "$dest/profiles/$(basename "$f")"; touch -d "$copied" "$dest/profiles/$(basename "$f")"; done
  cp "$run"/releases/2.3.0/tallowmere-2.3.0 "$run"/releases/2.4.0/tallowmere-2.4.0 "$dest/bin/"
  for f in access.log deploy.log syslog pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" "$run/log/tallowmere.err" >&2
  echo "old pid $old new pid $new start $t0 deploy $td" >&2
  rm -rf "$run"
  unset TZ
}

# h24-platform-hobbleford-manifest-import-one-dyno-beside-sitemap-job: platform/dynos.py with platform/hobbleford.json
# (a Heroku-style platform over three real `node web.js` dynos, APP=hobbleford; log-runtime-metrics every 20 s per
# dyno, quota 512 MB). The partner brayfield-haulage posts four manifests (POST /manifests/import, session affinity
# pins them to web.2); each parsed manifest is kept in importedManifests (~180 MB each: steps between two samples,
# R14 later). Every dyno runs the in-process SitemapRebuild job every 25 s (~70 MB of transient strings, trap);
# web.3 is cycled (the daily restart) at 52 s (trap). The notes blame the sitemap job.
record_platform_leak() {
  local dest="$out_root/h24-platform-hobbleford-manifest-import-one-dyno-beside-sitemap-job" run
  run="$(mktemp -d)"
  local t0; t0="$(hms)"
  python3 "$here/platform/dynos.py" "$here/platform/hobbleford.json" "$run/hobbleford-drain.log" 2> "$run/platform.err"
  local r14; r14="$(grep -m1 'Error R14' "$run/hobbleford-drain.log" | cut -c12-16 || true)"
  local cy; cy="$(grep -m1 'heroku\[web.3\]: Cycling' "$run/hobbleford-drain.log" | cut -c12-16 || true)"
  {
    echo "# on-call notes $(date -u +%F) UTC (hobbleford-freight, log drain)"
    echo "${t0%:*} watching hobbleford-freight after yesterday's R14s. the SitemapRebuild job runs on every dyno every 25 s and each run takes 60-70 MB - the obvious suspect"
    echo "${cy:-??:??} web.3 cycled (daily restart), memory back down on that one"
    echo "${r14:-??:??} R14 on a dyno. going to move SitemapRebuild to a one-off dyno and see"
    echo "$(date -u +%H:%M) saved the drain for the postmortem"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$run/hobbleford-drain.log" "$dest/hobbleford-drain.log"
  ship "$run/oncall-notes.txt" "$dest/oncall-notes.txt"
  cat "$run/platform.err" >&2
  rm -rf "$run"
}

# h24-platform-fernacre-node-plateau-spike-cycling-deploy-control: healthy control. platform/dynos.py with
# platform/fernacre.json: two real `node web.js` dynos (APP=fernacre) whose plot-page LRU is bounded at 400 entries
# (fills in ~40 s, then only evicts; logged every 15 s). web.2 is cycled at 24 s, traffic triples for 15 s at 44 s,
# release v58 (deploy b7d3f20) restarts both dynos at 112 s (traps); the notes blame the spike and the deploy.
record_platform_control() {
  local dest="$out_root/h24-platform-fernacre-node-plateau-spike-cycling-deploy-control" run
  run="$(mktemp -d)"
  local t0; t0="$(hms)"
  python3 "$here/platform/dynos.py" "$here/platform/fernacre.json" "$run/fernacre-drain.log" 2> "$run/platform.err"
  local td sp; td="$(grep -m1 'Deploy b7d3f20' "$run/fernacre-drain.log" | cut -c12-16 || true)"
  sp="$(date -u -d "@$(( $(date -u -d "$(date -u +%F) $t0" +%s) + 44 ))" +%H:%M)"
  {
    echo "# on-call notes $(date -u +%F) UTC - fernacre-allotments"
    echo "${t0%:*} tailing fernacre-allotments: memory_total climbed on both dynos right after this morning's start"
    echo "${sp} newsletter went out, traffic x3 for a bit. memory up again?"
    echo "${td} nell deployed v58 (b7d3f20, booking reminders). both dynos restarted, memory climbing again after the deploy - v58 leaking? keep an eye"
    echo "$(date -u +%H:%M) saved the drain"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$run/fernacre-drain.log" "$dest/fernacre-drain.log"
  ship "$run/oncall-notes.txt" "$dest/oncall-notes.txt"
  cat "$run/platform.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h24-beam-wychcombe-pallet-tally-state-max-heap-kill-beside-lane-scorer) record_beam ;;
    h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron) record_jemalloc ;;
    h24-platform-hobbleford-manifest-import-one-dyno-beside-sitemap-job) record_platform_leak ;;
    h24-platform-fernacre-node-plateau-spike-cycling-deploy-control) record_platform_control ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
