#!/usr/bin/env bash
# Records the holdout21-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h21-beam-corvane-track-header-subbinaries-beside-alarm-journal-heart-restart   beam/      ~115 s
#     h21-jemalloc-saltcote-three-workers-trace-tags-beside-bulk-export-reload       jemalloc/  ~110 s
#     h21-python-ashgrove-geocode-cache-beside-route-solver-smaps                    pycache/   ~110 s
#     h21-python-penhallow-flat-beside-batch-oomkill-deploy-control                   pycontrol/ ~100 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h21-beam-corvane-track-header-subbinaries-beside-alarm-journal-heart-restart
  h21-jemalloc-saltcote-three-workers-trace-tags-beside-bulk-export-reload
  h21-python-ashgrove-geocode-cache-beside-route-solver-smaps h21-python-penhallow-flat-beside-batch-oomkill-deploy-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# h21-beam-corvane-track-header-subbinaries-beside-alarm-journal-heart-restart: beam/*.erl + corvane.app, an OTP 25
# node (-heart -sname corvane) running the corvane application as permanent. radar_feed casts ~30 frames/s (24-88
# KiB refc binaries) to track_assembler, which keeps every other frame's 16-byte header as a sub-binary in its state
# (the leak: the whole frame stays referenced). BEAM_STORM_AT s in, alarm_relay's workers log ~72,000 clutter alarms
# in ~10 s to the alarm_journal logger handler (its process queues them). uplink_guard exits when binary memory
# passes BEAM_BIN_LIMIT_MB; corvane_sup gives up after 3 exits in 20 s, the permanent application exits, the node
# halts ("Kernel pid terminated") and heart runs beam/heart-restart.sh, which boots the node again for
# BEAM_LIFE2_SECONDS. cv_probe appends ~p process_info samples (with `binary`) to procs.txt every 4 s; the default
# logger handler writes corvane.log (single-line, [level] pid template); `pidstat -r -C beam.smp 4` (no -h).
record_beam() {
  local storm_at="${BEAM_STORM_AT:-30}" limit="${BEAM_BIN_LIMIT_MB:-64}" life2="${BEAM_LIFE2_SECONDS:-24}"
  local dest="$out_root/h21-beam-corvane-track-header-subbinaries-beside-alarm-journal-heart-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/corvane.app" "$run/ebin/"
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/corvane.log\"},formatter=>{logger_formatter,#{single_line=>true,template=>[time,\" [\",level,\"] \",pid,\" \",msg,\"\\n\"]}}}}]"
  LC_ALL=C pidstat -r -C beam.smp 4 40 > "$run/out/pidstat.all" &
  local stat=$! t0; t0="$(hms)"
  (cd "$run" && exec env HEART_COMMAND="$here/beam/heart-restart.sh" CV_RUN="$run" CV_OUT="$run/out" \
     CV_LIFE2_SECONDS="$life2" CV_BIN_LIMIT_MB="$limit" CV_LOGGER="$logger" \
     erl -heart -noshell -sname corvane -pa ebin -kernel logger "$logger" \
     -eval "corvane_boot:start(\"$run/out\", 1, 0, $storm_at, $limit)" > "$run/life1.out" 2>&1) &
  local erl=$!
  sleep 2
  local pids; pids="$(pgrep -f "sname corvane" -d, || true)"
  wait "$erl" || true
  local n=0; while [ ! -s "$run/life2.pid" ] && [ $n -lt 60 ]; do sleep 1; n=$((n+1)); done
  sleep 2
  pids="$pids,$(pgrep -f "sname corvane" -d, || true)"
  while pgrep -f "sname corvane" > /dev/null; do sleep 1; done
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  # keep only this node's beam.smp lines (another BEAM on the host would match -C too)
  awk -v pids="$pids" 'BEGIN{n=split(pids,a,",");for(i=1;i<=n;i++)if(a[i]!="")keep[a[i]]=1}
    /^[0-9][0-9]:/ && $0 !~ /PID/ {if(($3 in keep)) print; next} {print}' "$run/out/pidstat.all" > "$run/out/pidstat.txt"
  local host; host="$(hostname -s)"
  local ts; ts="$(date -u -d "@$(( $(date -d "$t0" +%s) + storm_at + 2 ))" +%H:%M)"
  {
    echo "# on-call notes $(date -u +%F) UTC - corvane on radar-gw-2"
    echo "${t0%:*} corvane 4.2.0 started after yesterday's restart loop, cv_probe writing procs.txt every 4 s"
    echo "${ts} north-2 clutter filter failed, alarm storm: alarm journal can't keep up, its queue is huge. memory from the logger?"
    echo "$(date -u +%H:%M) node went down and heart brought it back (Kernel pid terminated). kept corvane.log, procs.txt, pidstat (alarms.log is 20 MB of clutter alarms, not attached)"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/corvane#g; s#$run#/srv/corvane#g; s#$here/beam#/srv/corvane/bin#g; s#@$host#@radar-gw-2#g" \
      "$run/out/corvane.log" "$run/out/procs.txt"
  clean "$dest"
  for f in corvane.log procs.txt pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  cat "$run"/life*.out >&2 || true
  echo "beam run kept in $run (remove by hand)" >&2
}

# h21-jemalloc-saltcote-three-workers-trace-tags-beside-bulk-export-reload: jemalloc/saltcote.c (gcc -O2 -g, jemalloc
# 5.3, MALLOC_CONF=background_thread:true,dirty_decay_ms:3000,prof:true,prof_final:true,prof_prefix:<dir>/saltcote,
# lg_prof_interval:25,lg_prof_sample:17: a dump every 32 MiB allocated per process + one at exit), a pre-fork
# master with 3 workers on one socket, loaded by jemalloc/loadgen.py (~55 requests/s). span_open copies each
# request's trace tags (3-7 KiB) onto a span list that span_flush never empties with trace_export=off: every worker
# leaks on every request. /v2/exports/manifest builds a 96-192 MiB buffer for ~1.5 s every 14-22 s. JE_HUP_AT s in
# the config is edited (berth_cache_ttl) and the master gets SIGHUP. `pidstat -r -C saltcote 5` (no -h).
record_jemalloc() {
  local seconds="${JE_SECONDS:-110}" hup_at="${JE_HUP_AT:-47}"
  local dest="$out_root/h21-jemalloc-saltcote-three-workers-trace-tags-beside-bulk-export-reload" run port
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/etc"
  port="$(free_port)"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/saltcote -fdebug-prefix-map="$run"=/usr/src/saltcote \
     -o bin/saltcote "$here/jemalloc/saltcote.c" -ljemalloc)
  printf 'listen=127.0.0.1\nworkers=3\ntrace_export=off\nberth_cache_ttl=30\n' > "$run/etc/saltcote.conf"
  local mconf="background_thread:true,dirty_decay_ms:3000,prof:true,prof_final:true,prof_prefix:$run/prof/saltcote,lg_prof_interval:25,lg_prof_sample:17"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/saltcote "$port" "$run/access.log" "$run/saltcote.log" "$run/etc/saltcote.conf") &
  local pid=$! t0; t0="$(hms)"
  sleep 0.5
  LC_ALL=C pidstat -r -C saltcote 5 "$(( seconds / 5 + 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  python3 "$here/jemalloc/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err" &
  local load=$!
  sleep "$hup_at"
  sed -i 's/berth_cache_ttl=30/berth_cache_ttl=120/' "$run/etc/saltcote.conf"
  kill -HUP "$pid"
  local th; th="$(hms)"
  wait "$load" || true
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local tm; tm="$(grep -m1 'exports/manifest' "$run/access.log" | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] .*/\1/')"
  {
    echo "# on-call notes $(date -u +%F) UTC - saltcote on harbour-api-1"
    echo "${t0%:*} saltcote 3.8.2 restarted with jemalloc heap profiling on (all 3 workers), RSS alert at 1.6 GB per worker last night"
    echo "${tm} customs manifest export running again, each one jumps a worker by 100-200 MB. that export?"
    echo "${th%:*} config reload (SIGHUP): berth_cache_ttl 30 -> 120. watch memory after this"
    echo "$(date -u +%H:%M) all three workers keep climbing together, not just the one that served the export. stopped; kept profiles, access.log, saltcote.log, pidstat. binary attached"
  } > "$run/oncall-notes.txt"
  sed -i "s#$run/etc#/etc/saltcote#g; s#$run#/srv/saltcote#g" "$run/saltcote.log"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/saltcote/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/saltcote "$dest/bin/"
  for f in access.log saltcote.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h21-python-ashgrove-geocode-cache-beside-route-solver-smaps: pycache/ashgrove.py (python3 3.11, stdlib
# ThreadingHTTPServer), loaded by pycache/loadgen.py (~20 requests/s). GET /api/geocode memoises every result
# (~30-60 KB) under its raw q string, never evicted; GET /api/route/solve burns 1-2 s of CPU per call every 6-10 s.
# Memory: `while sleep 4; do date -Is; cat /proc/PID/smaps_rollup; done` into smaps_rollup-PID.log; the app writes
# an nginx combined access log with $request_time (no pid).
record_python() {
  local seconds="${PY_SECONDS:-110}"
  local dest="$out_root/h21-python-ashgrove-geocode-cache-beside-route-solver-smaps" run port
  run="$(mktemp -d)"
  port="$(free_port)"
  python3 "$here/pycache/ashgrove.py" "$port" "$run/access.log" &
  local pid=$! t0; t0="$(hms)"
  sleep 1
  ( while kill -0 "$pid" 2>/dev/null; do date -Is; cat "/proc/$pid/smaps_rollup" 2>/dev/null || true; sleep 4; done ) \
    > "$run/smaps_rollup-$pid.log" &
  local samp=$!
  python3 "$here/pycache/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  wait "$samp" || true
  local tsv; tsv="$(grep -m2 'route/solve' "$run/access.log" | tail -1 | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] .*/\1/')"
  {
    echo "# on-call notes $(date -u +%F) UTC - ashgrove (routing API) on route-api-2"
    echo "${t0%:*} ashgrove 2.11.0 restarted, RSS was 2.3 GB; smaps_rollup captured every 4 s"
    echo "${tsv} dispatch console solving tours again, each solve pins a core for 1-2 s and the API lags. route solver the memory hog?"
    echo "$(date -u +%H:%M) stopped for review; kept smaps_rollup log and the access log"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  for f in access.log "smaps_rollup-$pid.log" oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h21-python-penhallow-flat-beside-batch-oomkill-deploy-control: healthy control. pycontrol/penhallow.py (python3
# 3.11 through a symlink named penhallow), loaded by pycontrol/loadgen.py (~25 requests/s), flat. CTL_DEPLOY_AT s in
# a templates-only deploy of 2.3.1 (SIGUSR1: hot reload, same process). CTL_BATCH_AT s in the month-end batch
# pycontrol/ledger_rollup.py (a symlink named ledger-rollup) starts in its own memory cgroup limited to CTL_LIMIT
# (MEMCG: parent, default the recorder's own memory cgroup) and grows until the kernel OOM-kills it; its report
# from `dmesg -T` (cgroup path rewritten). Memory of penhallow: `while sleep 5; do date; cat /proc/PID/status; done`.
record_control() {
  local seconds="${CTL_SECONDS:-100}" deploy_at="${CTL_DEPLOY_AT:-30}" batch_at="${CTL_BATCH_AT:-48}" limit="${CTL_LIMIT:-160M}"
  local dest="$out_root/h21-python-penhallow-flat-beside-batch-oomkill-deploy-control" run port
  run="$(mktemp -d)"
  mkdir -p "$run/bin" "$run/logs"
  port="$(free_port)"
  local py; py="$(python3 -c 'import sys; print(sys.executable)')"
  ln -s "$py" "$run/bin/penhallow"; ln -s "$py" "$run/bin/ledger-rollup"
  "$run/bin/penhallow" "$here/pycontrol/penhallow.py" "$port" "$run/logs/access.log" "$run/logs/penhallow.log" &
  local pid=$! t0; t0="$(hms)"
  sleep 1
  ( while kill -0 "$pid" 2>/dev/null; do date; cat "/proc/$pid/status" 2>/dev/null || true; sleep 5; done ) \
    > "$run/logs/status-$pid.log" &
  local samp=$!
  python3 "$here/pycontrol/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err" &
  local load=$!
  sleep "$deploy_at"
  kill -USR1 "$pid"; local td; td="$(hms)"
  sleep "$(( batch_at - deploy_at ))"
  local parent cg
  parent="${MEMCG:-/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)}"
  cg="$parent/h21-ledger-rollup-$$"
  mkdir "$cg"; echo "$limit" > "$cg/memory.limit_in_bytes"
  local k0; k0="$(dmesg | wc -l)"
  local tb; tb="$(hms)"
  (echo "$BASHPID" > "$cg/cgroup.procs"; exec "$run/bin/ledger-rollup" "$here/pycontrol/ledger_rollup.py") > "$run/logs/ledger-rollup.out" 2>&1 &
  local batch=$!
  wait "$batch" || true
  local tk; tk="$(hms)"
  wait "$load" || true
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  wait "$samp" || true
  dmesg -T | tail -n +"$(( k0 + 1 ))" | awk -v cg="h21-ledger-rollup-$$" '
    /invoked oom-killer/ {on=1; buf=""; mine=0}
    on {buf = buf $0 "\n"; if (index($0, cg)) mine=1}
    /Killed process/ && on {on=0; if (mine) {printf "%s", buf; reap=1}; next}
    reap && /oom_reaper: reaped process [0-9]* \(ledger-rollup\)/ {print; reap=0}' > "$run/logs/kern.log"
  rmdir "$cg" 2>/dev/null || true
  local cgrel="${cg#/sys/fs/cgroup/memory}"
  sed -i "s#$cgrel#/system.slice/ledger-rollup.service#g; s#${cgrel%/*}#/system.slice#g" "$run/logs/kern.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - penhallow (billing API) on billing-1"
    echo "${t0%:*} penhallow 2.3.0 running, /proc status captured every 5 s for the memory review"
    echo "${td%:*} deploy penhallow-templates 2.3.1 (VAT line on invoices), hot reload, no restart"
    echo "${tb%:*} month-end ledger-rollup batch kicked off on billing-1"
    echo "${tk%:*} OOM killer fired on billing-1! dmesg saved. was it the billing API after the deploy?"
    echo "$(date -u +%H:%M) stopped the capture; kept status log, access log, app log, dmesg"
  } > "$run/logs/oncall-notes.txt"
  clean "$dest"
  for f in access.log penhallow.log "status-$pid.log" kern.log oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h21-beam-corvane-track-header-subbinaries-beside-alarm-journal-heart-restart) record_beam ;;
    h21-jemalloc-saltcote-three-workers-trace-tags-beside-bulk-export-reload) record_jemalloc ;;
    h21-python-ashgrove-geocode-cache-beside-route-solver-smaps) record_python ;;
    h21-python-penhallow-flat-beside-batch-oomkill-deploy-control) record_control ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
