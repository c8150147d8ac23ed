#!/usr/bin/env bash
# Records the holdout22-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h22-beam-quillfen-roster-state-list-beside-bounded-ets-poller-restart     beam/      ~100 s
#     h22-jemalloc-brinemoor-refund-journal-seq-only-profiles-beside-deploy    jemalloc/  ~105 s
#     h22-python-tidewell-gateway-keepalive-one-worker-beside-monthly-report    pygun/     ~100 s
#     h22-beam-brackwater-connection-churn-flat-release-note-control           beamctl/   ~90 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h22-beam-quillfen-roster-state-list-beside-bounded-ets-poller-restart
  h22-jemalloc-brinemoor-refund-journal-seq-only-profiles-beside-deploy
  h22-python-tidewell-gateway-keepalive-one-worker-beside-monthly-report
  h22-beam-brackwater-connection-churn-flat-release-note-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# h22-jemalloc-brinemoor-refund-journal-seq-only-profiles-beside-deploy: jemalloc/brinemoor.c (gcc -O2 -g, jemalloc
# 5.3, MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/brinemoor,lg_prof_interval:23,lg_prof_sample:16:
# a dump every 8 MiB allocated + one at exit), one single-threaded process loaded by jemalloc/loadgen.py
# (~30 requests/s). POST /v1/tickets/refund keeps a 16-40 KiB audit record per refund in journal_refund (the leak).
# JE_DEPLOY_AT s in, a note records a deploy of the ferrydesk front end (nothing changes in brinemoor).
# The profiles are handed over the way they were fetched: copied without their mtimes (cp, no -p), so only the
# sequence numbers in their names order them. `pidstat -r -p PID 5` (the host has no en_US locale: LC_TIME does
# not give a 12-hour clock here, so pidstat prints its default 24-hour clock).
record_jemalloc() {
  local seconds="${JE_SECONDS:-105}" deploy_at="${JE_DEPLOY_AT:-50}"
  local dest="$out_root/h22-jemalloc-brinemoor-refund-journal-seq-only-profiles-beside-deploy" run port
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/log"
  port="$(free_port)"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/brinemoor -fdebug-prefix-map="$run"=/usr/src/brinemoor -o bin/brinemoor "$here/jemalloc/brinemoor.c" -ljemalloc)
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/brinemoor,lg_prof_interval:23,lg_prof_sample:16"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/brinemoor "$port" "$run/log/access.log") &
  local pid=$! t0; t0="$(hms)"
  sleep 0.5
  LC_ALL=C LC_TIME=en_US.UTF-8 pidstat -r -p "$pid" 5 "$(( seconds / 5 + 1 ))" > "$run/log/pidstat-brinemoor.txt" &
  local stat=$!
  python3 "$here/jemalloc/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err" &
  local load=$!
  sleep "$deploy_at"
  local td; td="$(hms)"
  wait "$load" || true
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  {
    echo "# on-call notes $(date -u +%F) UTC - brinemoor (ferry ticketing) on ferry-api-3"
    echo "${t0%:*} brinemoor 2.7.0 restarted with jemalloc heap profiling (prof_final, a dump every 8 MiB)"
    echo "${td%:*} deploy ferrydesk 3.1.4 (desk front end, new refund form) rolled out to the ticket offices"
    echo "$(date -u +%H:%M) memory still climbing since the deploy? stopped; pulled the .heap files off the box (scp, so their dates are gone), access.log, pidstat"
  } > "$run/log/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/heap"
  local f
  for f in "$run"/prof/*.heap; do sed "s#$run/bin/#/opt/brinemoor/bin/#g" "$f" > "$dest/heap/$(basename "$f")"; done
  cp "$run"/bin/brinemoor "$dest/bin/"
  for f in access.log pidstat-brinemoor.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h22-python-tidewell-gateway-keepalive-one-worker-beside-monthly-report: pygun/tidewell.py (python3 3.11 through a
# symlink named tidewell), a gunicorn-style master and 2 gthread-style workers on one socket, loaded by
# pygun/loadgen.py. The station gateway posts /api/v2/telemetry/batch over ONE keep-alive connection, so one worker
# keeps every batch (the leak); the other stays flat. /api/v2/reports/monthly takes 1.5-3.5 s (trap). Memory:
# `while sleep 4; do date; ps -eo pid,rss,etimes,args | grep -E '^ *PID|[t]idewell\.py'; done`.
record_python() {
  local seconds="${PY_SECONDS:-100}"
  local dest="$out_root/h22-python-tidewell-gateway-keepalive-one-worker-beside-monthly-report" run port
  run="$(mktemp -d)"
  mkdir -p "$run/bin" "$run/log"
  port="$(free_port)"
  ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$run/bin/tidewell"
  cp "$here/pygun/tidewell.py" "$run/tidewell.py"
  (cd "$run" && exec ./bin/tidewell tidewell.py master "$port" log/access.log log/error.log) &
  local pid=$! t0; t0="$(hms)"
  sleep 1.5
  ( while kill -0 "$pid" 2>/dev/null; do date; ps -eo pid,rss,etimes,args | grep -E '^ *PID|[t]idewell\.py' || true; sleep 4; done ) > "$run/log/ps-loop.txt" &
  local samp=$!
  python3 "$here/pygun/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  wait "$samp" || true
  local tr; tr="$(grep -m3 'reports/monthly' "$run/log/access.log" | tail -1 | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] .*/\1/')"
  {
    echo "# on-call notes $(date -u +%F) UTC - tidewell on wx-ingest-1"
    echo "${t0%:*} tidewell 1.9.4 restarted (2 workers), ps sampled every 4 s"
    echo "${tr} finance running the monthly report again, 2-3 s per call, workers look stuck. memory from the report?"
    echo "$(date -u +%H:%M) stopped for review; kept ps loop, access log, error log"
  } > "$run/log/oncall-notes.txt"
  sed -i "s#$run#/srv/tidewell#g" "$run/log/ps-loop.txt" "$run/log/error.log"
  clean "$dest"
  for f in access.log error.log ps-loop.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}
# h22-beam-quillfen-roster-state-list-beside-bounded-ets-poller-restart: beam/quillfen.erl, an OTP 25 node
# (-sname quillfen). roster_keeper keeps every shift event in a list in its state (the leak, mailbox 0);
# qf_sessions (ETS) grows for ~30 s then levels off at 12,000 rows; feed_poller crashes every ~24 s and is
# restarted by quillfen_sup. The default logger file handler (multi-line default formatter, legacy `=... REPORT====`
# headers) writes quillfen.log;
# qf_probe writes recon.txt; `pidstat -r -p BEAMPID 4`.
record_beam() {
  local seconds="${BEAM_SECONDS:-96}"
  local dest="$out_root/h22-beam-quillfen-roster-state-list-beside-bounded-ets-poller-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here/beam/quillfen.erl"
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/quillfen.log\"}}}]"
  (cd "$run" && exec erl -noshell -sname quillfen -pa ebin -kernel logger "$logger" \
     -eval "quillfen:start(\"$run/out\", $seconds)" > "$run/erl.out" 2>&1) &
  local erl=$! t0; t0="$(hms)"
  sleep 1.5
  local bpid; bpid="$(pgrep -f "sname quillfen" | head -1)"
  LC_ALL=C pidstat -r -p "$bpid" 4 > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$erl" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  # first supervisor report (legacy header: =SUPERVISOR REPORT==== 7-Dec-2026::05:49:57.596037 ===) -> HH:MM
  local tc; tc="$(grep -B2 -m1 'child_terminated' "$run/out/quillfen.log" | head -1 | sed -n 's/.*::\([0-9][0-9]:[0-9][0-9]\):.*/\1/p' || true)"
  {
    echo "# on-call notes $(date -u +%F) UTC - quillfen on dispatch-2"
    echo "${t0%:*} quillfen 3.4.1 restarted, memory alarm last night at 2.1 GB; sampling recon:proc_count every 4 s"
    echo "${tc:-${t0%:*}} feed_poller crashing and being restarted by the supervisor again (vendor feed timeouts)"
    echo "${t0%:*} qf_sessions ETS table filling up fast after the restart, look at that first"
    echo "$(date -u +%H:%M) stopped; kept recon.txt (with erlang:memory and ets:info), quillfen.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/quillfen#g; s#$run#/srv/quillfen#g; s#@$host#@dispatch-2#g" "$run/out/quillfen.log" "$run/out/recon.txt"
  clean "$dest"
  for f in quillfen.log recon.txt pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  cat "$run/erl.out" >&2 || true
  rm -rf "$run"
}

# h22-beam-brackwater-connection-churn-flat-release-note-control: healthy control. beamctl/brackwater.erl, an OTP 25
# node (-sname brackwater): waves of short-lived conn processes (process count ~60 to a few thousand), flat total
# memory; rate_limiter busy with a large steady heap (trap); a config-only release 5.0.2 logged at CTL_RELEASE_AT s
# and in the notes (trap). Logger: single-line default formatter; bw_probe writes procs.txt every 5 s; `pidstat -r
# -C beam.smp 5 -h` filtered to this node's pid.
record_control() {
  local seconds="${CTL_SECONDS:-85}" rel="${CTL_RELEASE_AT:-40}"
  local dest="$out_root/h22-beam-brackwater-connection-churn-flat-release-note-control" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here/beamctl/brackwater.erl"
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/brackwater.log\"},formatter=>{logger_formatter,#{single_line=>true}}}}]"
  (cd "$run" && exec erl -noshell -sname brackwater -pa ebin -kernel logger "$logger" \
     -eval "brackwater:start(\"$run/out\", $seconds, $rel)" > "$run/erl.out" 2>&1) &
  local erl=$! t0; t0="$(hms)"
  sleep 1.5
  local bpid; bpid="$(pgrep -f "sname brackwater" | head -1)"
  LC_ALL=C pidstat -h -r -p "$bpid" 5 > "$run/out/pidstat-beam.txt" &
  local stat=$!
  sleep "$rel"; local tr; tr="$(hms)"
  wait "$erl" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  {
    echo "# on-call notes $(date -u +%F) UTC - brackwater on gauge-ws-1"
    echo "${t0%:*} brackwater 5.0.1 up; memory review after last week's page, probe every 5 s"
    echo "${tr%:*} release brackwater 5.0.2 installed (relup, fanout_batch 64 -> 96). keep an eye on memory after the release"
    echo "$(date -u +%H:%M) rate_limiter is the biggest process by far and always busy, is it leaking? process count jumping around with the gauge reconnect storms"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/brackwater#g; s#$run#/srv/brackwater#g; s#@$host#@gauge-ws-1#g" "$run/out/brackwater.log" "$run/out/procs.txt"
  clean "$dest"
  for f in brackwater.log procs.txt pidstat-beam.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  cat "$run/erl.out" >&2 || true
  rm -rf "$run"
}
for inc in "${incidents[@]}"; do
  case "$inc" in
    h22-beam-quillfen-roster-state-list-beside-bounded-ets-poller-restart) record_beam ;;
    h22-jemalloc-brinemoor-refund-journal-seq-only-profiles-beside-deploy) record_jemalloc ;;
    h22-python-tidewell-gateway-keepalive-one-worker-beside-monthly-report) record_python ;;
    h22-beam-brackwater-connection-churn-flat-release-note-control) record_control ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
