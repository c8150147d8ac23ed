#!/usr/bin/env bash
# Records the holdout18-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps, curl.
#   ./record.sh [INCIDENT…]   default: all four
#     h18-beam-cobbleway-scan-ledger-mailbox-node-restart-deploy-note   beam-cobble/  ~125 s
#     h18-jemalloc-tessellate-two-workers-deploy-webhook-leak           jemalloc/     ~110 s
#     h18-platform-python-brambling-share-cards-r14-beside-search       platform/     ~160 s
#     h18-beam-marlowfen-import-refc-binaries-release-control           beam-marl/    ~110 s
# The cobbleway incident samples beam.smp by name (pidstat -C): run no other BEAM node beside it.
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h18-beam-cobbleway-scan-ledger-mailbox-node-restart-deploy-note
  h18-jemalloc-tessellate-two-workers-deploy-webhook-leak h18-platform-python-brambling-share-cards-r14-beside-search
  h18-beam-marlowfen-import-refc-binaries-release-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
beam_of() { # beam_of SHELL_PID: the beam.smp pid erl became or started
  local b=""
  for _ in $(seq 100); do
    b="$(pgrep -P "$1" -x beam.smp || true)"
    [ -z "$b" ] && [ "$(cat /proc/$1/comm 2>/dev/null)" = beam.smp ] && b=$1
    [ -n "$b" ] && break; sleep 0.1
  done
  echo "$b"
}

# h18-beam-cobbleway-scan-ledger-mailbox-node-restart-deploy-note: beam-cobble/*.erl, OTP 25 (-sname cobbleway),
# plain registered processes: depot_feed casts ~800 scans/s to scan_ledger (a gen_server that handles ~570/s: a
# synchronous 7 ms write per 4 scans), route_atlas (210,000 route legs built at boot, held, flat), courier_presence,
# cw_probe (vm-samples.jsonl every 3 s). COBBLE_DEPLOY_AT s in, release 4.2.1 is hot-loaded and logged (nothing
# changes). COBBLE_RESTART_AT s in the on-call sends SIGTERM to beam.smp and starts the node again 2 s later: the new
# node finds the scan journal and starts journal_replay first, so scan_ledger comes back under a new pid.
# `pidstat -r -C beam.smp 3` covers both VMs; the kernel logger's default handler writes cobbleway.log.
record_cobble() {
  local seconds="${COBBLE_SECONDS:-125}" deploy_at="${COBBLE_DEPLOY_AT:-30}" restart_at="${COBBLE_RESTART_AT:-62}"
  local dest="$out_root/h18-beam-cobbleway-scan-ledger-mailbox-node-restart-deploy-note" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam-cobble/*.erl
  local lconf="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/cobbleway.log\"}}}]"
  LC_ALL=C pidstat -r -C beam.smp 3 "$(( seconds / 3 + 3 ))" > "$run/out/pidstat.txt" &
  local stat=$!
  local t0; t0="$(hms)"
  (cd "$run" && exec erl -noshell -sname cobbleway -pa ebin -kernel logger_level info -kernel logger "$lconf" \
     -eval "cobbleway:start(\"$run/out\", 600, $deploy_at)") &
  local erl1=$! beam1; beam1="$(beam_of "$erl1")"
  sleep "$deploy_at"; local td; td="$(hms)"
  sleep "$(( restart_at - deploy_at ))"
  local tr; tr="$(hms)"
  kill -TERM "$beam1"; wait "$erl1" || true
  sleep 2
  (cd "$run" && exec erl -noshell -sname cobbleway -pa ebin -kernel logger_level info -kernel logger "$lconf" \
     -eval "cobbleway:start(\"$run/out\", $(( seconds - restart_at - 3 )), 0)") &
  local erl2=$! beam2; beam2="$(beam_of "$erl2")"
  wait "$erl2" || true
  sleep 1
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  {
    echo "# on-call notes $(date -u +%F) UTC - cobbleway on sortcentre-2"
    echo "${t0%:*} cobbleway up again after the weekend (beam.smp $beam1), watching vm-samples.jsonl"
    echo "${td%:*} deployed 4.2.1 (hot upgrade, label_render templates for the ZD621 printers)"
    echo "${tr} beam memory up since the 4.2.1 deploy? route_atlas is the biggest process by far. restarting the node (SIGTERM, systemd brings it back)"
    echo "$(date -u +%H:%M) new node (beam.smp $beam2) climbing again. stopped; kept vm-samples.jsonl, cobbleway.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/cobbleway#g; s#$run#/srv/cobbleway#g; s#@$host#@sortcentre-2#g" \
      "$run/out/cobbleway.log" "$run/out/vm-samples.jsonl"
  clean "$dest"
  for f in vm-samples.jsonl cobbleway.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h18-jemalloc-tessellate-two-workers-deploy-webhook-leak: jemalloc/tessellate.c (gcc -O2 -g, jemalloc 5.3), two
# worker processes of one service (tessellate@0, tessellate@1, one loopback port each), loaded by jemalloc/loadgen.py
# (~26 requests/s; partner webhooks pinned to worker 1) for JE_SECONDS. Build 2.8.0 runs first; JE_DEPLOY_AT s in the
# deploy replaces both workers with build 2.9.0 (-DHOOK_REPLAY_GUARD: the webhook path keeps every payload), one after
# the other. MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/tessellate,lg_prof_interval:25,lg_prof_sample:15
# (dumps tessellate.<pid>.<seq>.i<seq>.heap every 32 MiB allocated and at exit). `pidstat -r -C tessellate- 2`.
record_jemalloc() {
  local seconds="${JE_SECONDS:-108}" deploy_at="${JE_DEPLOY_AT:-46}"
  local dest="$out_root/h18-jemalloc-tessellate-two-workers-deploy-webhook-leak" run p0 p1
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/log"
  p0="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  p1="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  local v
  for v in 2.8.0 2.9.0; do
    local extra=""; [ "$v" = 2.9.0 ] && extra="-DHOOK_REPLAY_GUARD"
    (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/tessellate -fdebug-prefix-map="$run"=/usr/src/tessellate -DTESS_VERSION="\"$v\"" $extra \
       -o "bin/tessellate-$v" "$here/jemalloc/tessellate.c" -ljemalloc -lpthread)
  done
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/tessellate,lg_prof_interval:25,lg_prof_sample:15"
  start_worker() { # start_worker VERSION N PORT: sets $started
    (cd "$run" && exec env MALLOC_CONF="$mconf" "$run/bin/tessellate-$1" "$2" "$3" "$run/log/access.log" "$run/log/tessellate.log") &
    started=$!
  }
  stop_worker() { kill -TERM "$1"; curl -s -m 2 "http://127.0.0.1:$2/healthz" > /dev/null || true; wait "$1" || true; }
  local w0 w1 t0; t0="$(hms)"
  local started
  start_worker 2.8.0 0 "$p0"; w0=$started; start_worker 2.8.0 1 "$p1"; w1=$started
  sleep 0.5
  LC_ALL=C pidstat -r -C tessellate- 2 "$(( seconds / 2 + 3 ))" > "$run/log/pidstat.txt" &
  local stat=$!
  sleep 1
  python3 "$here/jemalloc/loadgen.py" "$p0" "$p1" "$seconds" 2> "$run/loadgen.err" &
  local lg=$!
  sleep "$deploy_at"
  local td; td="$(hms)"
  local dlog="$run/log/deploy.log"
  dl() { echo "$(date -u +%FT%T.%3NZ) $*" >> "$dlog"; }
  dl "deploy tessellate 2.9.0 (build 5127, 7c41e9a \"replay guard for partner survey webhooks\") by ingrid: rolling, 2 workers"
  stop_worker "$w0" "$p0"; dl "tessellate@0 stopped (2.8.0 pid $w0)"
  start_worker 2.9.0 0 "$p0"; w0=$started; dl "tessellate@0 started (2.9.0 pid $w0)"
  sleep 3
  stop_worker "$w1" "$p1"; dl "tessellate@1 stopped (2.8.0 pid $w1)"
  start_worker 2.9.0 1 "$p1"; w1=$started; dl "tessellate@1 started (2.9.0 pid $w1)"
  dl "deploy tessellate 2.9.0 done"
  wait "$lg" || true
  sleep 2
  stop_worker "$w0" "$p0"; stop_worker "$w1" "$p1"
  sleep 1
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/tessellate/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/tessellate-* "$dest/bin/"
  sed -i "s#$run/bin/#/opt/tessellate/bin/#g; s#$run/log/#/var/log/tessellate/#g" "$run/log/pidstat.txt"
  {
    echo "# on-call notes $(date -u +%F) UTC - tessellate on tiles-3 (2 workers)"
    echo "${t0%:*} tessellate 2.8.0 restarted with jemalloc profiling on both workers (dump every 32 MiB allocated + at exit)"
    echo "${td%:*} deploying 2.9.0 (replay guard for partner webhooks), rolling"
    echo "$(grep -m3 '/mosaic' "$run/log/access.log" | tail -1 | sed 's/^time=[0-9-]*T\([0-9:]\{5\}\).*/\1/') mosaic exports spike RSS by 20+ MB on whichever worker serves them; compose_mosaic tops every profile. cap the canvas?"
    echo "$(date -u +%H:%M) worker 1 higher than worker 0 since the deploy and not coming down. stopped both; kept profiles, access.log, tessellate.log, deploy.log, pidstat"
  } > "$run/log/oncall-notes.txt"
  for f in access.log tessellate.log deploy.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h18-beam-marlowfen-import-refc-binaries-release-control (HEALTHY control): beam-marl/*.erl, OTP 25 (-sname
# marlowfen). MARL_RELEASE_AT s in, release 7.3.1 is installed (logged). MARL_IMPORT_AT s in, feed_importer reads the
# supplier feed (a generated 92 MiB text file) in 1 MiB chunks every 250 ms, holds them until the checksum is done,
# then drops them and runs a full GC: erlang:memory binary rises ~92 MB and falls back. invoice_mailer keeps a steady
# ~2,400-message queue (fed 25/s, drains 25/s); order_book is a mid-size flat map. mf_probe writes beam-procs.txt
# every 4 s (~p with `binary`); the node log uses the default formatter, single line; `pidstat -h -r -p <beam> 4`.
record_marl() {
  local seconds="${MARL_SECONDS:-110}" release_at="${MARL_RELEASE_AT:-24}" import_at="${MARL_IMPORT_AT:-38}"
  local dest="$out_root/h18-beam-marlowfen-import-refc-binaries-release-control" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out" "$run/feeds"
  erlc -o "$run/ebin" "$here"/beam-marl/*.erl
  (set +o pipefail; base64 -w 118 /dev/urandom | head -c $(( 92 * 1048576 )) > "$run/feeds/supplier-catalogue.csv")
  local lconf="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/marlowfen.log\"},formatter=>{logger_formatter,#{single_line=>true,legacy_header=>false,template=>[time,\" \",level,\" \",pid,\" \",msg,\"\\n\"]}}}}]"
  local t0; t0="$(hms)"
  (cd "$run" && exec erl -noshell -sname marlowfen -pa ebin -kernel logger_level notice -kernel logger "$lconf" \
     -eval "marlowfen:start(\"$run/out\", \"$run/feeds/supplier-catalogue.csv\", $seconds, $release_at, $import_at)") &
  local erl=$! beam; beam="$(beam_of "$erl")"
  LC_ALL=C pidstat -h -r -p "$beam" 4 "$(( seconds / 4 + 1 ))" > "$run/out/pidstat.txt" &
  local stat=$!
  sleep "$release_at"; local tr; tr="$(hms)"
  sleep "$(( import_at - release_at ))"; local ti; ti="$(hms)"
  wait "$erl" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  {
    echo "# on-call notes $(date -u +%F) UTC - marlowfen on orders-1"
    echo "${t0} marlowfen 7.3.0 up (beam.smp $beam), mf_probe sampling every 4 s"
    echo "${tr} release 7.3.1 installed (ops_api pick-lists route, relup, no restart)"
    echo "${ti} supplier catalogue import kicked off by hand (92 MB feed)"
    echo "$(date -u -d '-30 sec' +%H:%M:%S) invoice_mailer still has ~2,400 invoices queued, same as this morning. relay limit?"
    echo "$(date -u +%H:%M:%S) binary memory jumped right after 7.3.1 went out, then came back down. leak or not? stopped the node, kept beam-procs.txt, marlowfen.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/marlowfen#g; s#$run/feeds#/srv/marlowfen/feeds#g; s#$run#/srv/marlowfen#g; s#@$host#@orders-1#g" \
      "$run/out/marlowfen.log" "$run/out/beam-procs.txt"
  clean "$dest"
  for f in beam-procs.txt marlowfen.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h18-platform-python-brambling-share-cards-r14-beside-search: platform/drain.py (a Heroku-style platform: router,
# runtime metrics every ~20 s from /proc, R14, the `heroku logs --tail` session) over one real web dyno, web.1 =
# platform/web.py (stdlib Python 3.11). The dyno loads its ~280 MB catalogue during PF_WARMUP s before the tail is
# attached; then ~8 requests/s: /search (~38%, ~6-9 MB of garbage per call), /plants/:id, /cart/items, /healthz and
# POST /wishlists/:id/share (~6%), which keeps every rendered share card (2.0-3.4 MB): the leak, ending in R14.
record_platform() {
  local seconds="${PF_SECONDS:-150}" warmup="${PF_WARMUP:-10}"
  local dest="$out_root/h18-platform-python-brambling-share-cards-r14-beside-search" run
  run="$(mktemp -d)"
  WARMUP="$warmup" RATE=8.0 python3 "$here/platform/drain.py" "$seconds" "$run" "$run/drain.log"
  local log="$run/drain.log"
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (brambling-shop)"
    echo "~$(head -1 "$log" | cut -c12-16) watching web.1 memory after yesterday's R14s (log drain tail)"
    echo "~$(grep -m40 'path="/search' "$log" | tail -1 | cut -c12-16) search is most of the traffic and every call scores the whole catalogue. that has to be the memory?"
    echo "~$(grep -m1 'Error R14' "$log" | cut -c12-16) R14 on web.1 again"
    echo "~$(tail -1 "$log" | cut -c12-16) saved the tail"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/drain.log"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h18-beam-cobbleway-scan-ledger-mailbox-node-restart-deploy-note) record_cobble ;;
    h18-jemalloc-tessellate-two-workers-deploy-webhook-leak) record_jemalloc ;;
    h18-platform-python-brambling-share-cards-r14-beside-search) record_platform ;;
    h18-beam-marlowfen-import-refc-binaries-release-control) record_marl ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
