#!/usr/bin/env bash
# Records the holdout23-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h23-beam-gullyford-portal-rows-ets-beside-batcher-mailbox-node-restart       beam/       ~110 s
#     h23-jemalloc-sorrelgate-pinned-sync-conn-cache-one-worker-beside-reload     jemalloc/   ~105 s
#     h23-python-dunlow-intake-bodies-sparse-samples-beside-nightly-report        pythr/      ~150 s
#     h23-platform-kestrelby-bounded-cache-plateau-deploy-oomkill-note-control    platform/   ~205 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h23-beam-gullyford-portal-rows-ets-beside-batcher-mailbox-node-restart
  h23-jemalloc-sorrelgate-pinned-sync-conn-cache-one-worker-beside-reload
  h23-python-dunlow-intake-bodies-sparse-samples-beside-nightly-report
  h23-platform-kestrelby-bounded-cache-plateau-deploy-oomkill-note-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# h23-beam-gullyford-portal-rows-ets-beside-batcher-mailbox-node-restart: beam/gullyford.erl, an OTP 25 node
# (-sname gullyford) run twice: BEAM_FIRST s, then init:stop and a fresh start (new OS pid) for BEAM_SECOND s.
# portal_sessions inserts every page view into the ETS table gf_portal_rows and never deletes (the leak, resumes
# after the restart); toll_batcher keeps a ~36k-message mailbox that does not grow (trap); the restart (trap).
# Logger: file handler with a one-line template formatter (time level pid msg), appended across both runs.
# gf_probe writes memory-probe.txt every 5 s; RSS: `ps -o pid,rss,vsz,etimes,args` of the node's beam.smp every 3 s.
record_beam() {
  local first="${BEAM_FIRST:-52}" second="${BEAM_SECOND:-58}"
  local dest="$out_root/h23-beam-gullyford-portal-rows-ets-beside-batcher-mailbox-node-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here/beam/gullyford.erl"
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/gullyford.log\"},formatter=>{logger_formatter,#{single_line=>true,template=>[time,\" \",level,\" \",pid,\" \",msg,\"\\n\"]}}}}]"
  ( while sleep 3; do
      date -u +%FT%TZ
      p="$(pgrep -f 'sname gullyford' | head -1 || true)"
      if [ -n "$p" ]; then ps -o pid,rss,vsz,etimes,args -p "$p" | cut -c1-120; else echo "(no beam.smp for gullyford)"; fi
    done ) > "$run/out/ps-beam.txt" &
  local samp=$! t0 t1 t2
  t0="$(hms)"
  (cd "$run" && erl -noshell -sname gullyford -pa ebin -kernel logger "$logger" \
     -eval "gullyford:start(\"$run/out\", $first)" > "$run/erl1.out" 2>&1)
  t1="$(hms)"
  sleep 3
  t2="$(hms)"
  (cd "$run" && erl -noshell -sname gullyford -pa ebin -kernel logger "$logger" \
     -eval "gullyford:start(\"$run/out\", $second)" > "$run/erl2.out" 2>&1)
  sleep 2
  kill "$samp" 2>/dev/null || true; wait "$samp" 2>/dev/null || true
  local host; host="$(hostname -s)"
  {
    echo "# on-call notes $(date -u +%F) UTC - gullyford on portal-edge-4"
    echo "${t0%:*} gullyford 2.8.0 up after the gantry outage, toll_batcher replaying the buffered reads"
    echo "${t0%:*} probe every 5 s (erlang:memory, top processes, top ets), ps every 3 s"
    echo "${t1%:*} toll_batcher message_queue_len ~36k and not draining, biggest process on the node. restarted the node to clear it"
    echo "${t2%:*} node back up, toll_batcher queue right back at 36k after the replay. memory climbing again"
    echo "$(date -u +%H:%M) stopped for review; kept memory-probe.txt, gullyford.log, ps-beam.txt"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/gullyford#g; s#$run#/srv/gullyford#g; s#@$host#@portal-edge-4#g" "$run/out/gullyford.log" "$run/out/memory-probe.txt" "$run/out/ps-beam.txt"
  clean "$dest"
  for f in gullyford.log memory-probe.txt ps-beam.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  cat "$run/erl1.out" "$run/erl2.out" >&2 || true
  rm -rf "$run"
}

# h23-python-dunlow-intake-bodies-sparse-samples-beside-nightly-report: pythr/dunlow.py (python3 3.11, one
# threaded process, TZ=Europe/Paris), loaded by pythr/loadgen.py for PY_SECONDS s. POST /api/claims/intake keeps
# every body in the module-level list _INTAKE_AUDIT (the leak); /reports/nightly-reconcile (cron at PY_REPORT_AT s,
# re-run by hand at PY_REPORT_AGAIN_AT s) climbs to ~150 MB over ~15 s and frees it (trap). Memory is sampled
# sparsely: `while sleep 25; do date -Iseconds; grep -E '^(VmHWM|VmRSS|RssAnon|RssFile)' /proc/PID/status; done`;
# two tracemalloc snapshots by SIGUSR1 (at PY_TRACE_AT s and at the end).
record_python() {
  local seconds="${PY_SECONDS:-150}" r1="${PY_REPORT_AT:-38}" r2="${PY_REPORT_AGAIN_AT:-98}" tr="${PY_TRACE_AT:-72}"
  local dest="$out_root/h23-python-dunlow-intake-bodies-sparse-samples-beside-nightly-report" run port
  run="$(mktemp -d)"
  mkdir -p "$run/log" "$run/trace"
  port="$(free_port)"
  cp "$here/pythr/dunlow.py" "$run/dunlow.py"
  (cd "$run" && TZ=Europe/Paris exec python3 dunlow.py "$port" log/access.log log/dunlow.log trace) &
  local pid=$! t0; t0="$(hms)"
  sleep 1
  ( while kill -0 "$pid" 2>/dev/null; do TZ=Europe/Paris date -Iseconds; grep -E '^(VmHWM|VmRSS|RssAnon|RssFile)' "/proc/$pid/status" || true; sleep 25; done ) > "$run/log/status-loop.txt" &
  local samp=$!
  python3 "$here/pythr/loadgen.py" "$port" "$seconds" "$r1" "$r2" 2> "$run/loadgen.err" &
  local load=$!
  sleep "$tr"; kill -USR1 "$pid"
  wait "$load" || true
  kill -USR1 "$pid"; sleep 2
  kill -TERM "$pid"; wait "$pid" || true
  kill "$samp" 2>/dev/null || true; wait "$samp" 2>/dev/null || true
  local rep1 rep2
  rep1="$(grep -m1 'nightly-reconcile' "$run/log/access.log" | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] .*/\1/')"
  rep2="$(grep 'nightly-reconcile' "$run/log/access.log" | sed -n 2p | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] .*/\1/')"
  {
    echo "# on-call notes $(TZ=Europe/Paris date +%F) (Paris time) - dunlow on claims-app-2"
    echo "$(TZ=Europe/Paris date -d "$t0 UTC" +%H:%M) dunlow 4.2.1 restarted after the memory alert; status sampled every 25 s (the box is tiny, kept it light)"
    echo "${rep1} nightly-reconcile kicked off by cron (late tonight), RSS high-water mark jumped to ~170 MB"
    echo "${rep2} re-ran nightly-reconcile by hand to check; same jump. the report is what eats the memory?"
    echo "$(TZ=Europe/Paris date +%H:%M) stopped; kept the status loop, access log, app log and two tracemalloc snapshots (kill -USR1)"
  } > "$run/log/oncall-notes.txt"
  local pylib; pylib="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
  sed -i "s#$run#/srv/dunlow#g; s#$pylib#/usr/lib/python3.11#g" "$run/log/dunlow.log" "$run"/trace/*.txt
  clean "$dest"
  for f in access.log dunlow.log status-loop.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  for f in "$run"/trace/*.txt; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/loadgen.err" >&2
  echo "pid $pid start $t0" >&2
  rm -rf "$run"
}

# h23-jemalloc-sorrelgate-pinned-sync-conn-cache-one-worker-beside-reload: jemalloc/sorrelgate.c (gcc -O2 -g,
# jemalloc 5.3, MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/sorrelgate,lg_prof_interval:24,
# lg_prof_sample:17: a dump per process every 16 MiB allocated + one at exit). A master and 2 forked workers (poll
# loops on one socket), loaded by jemalloc/loadgen.py: the stock-sync client keeps ONE connection all run and its
# worker keeps every quote in that connection's cache (conn_cache_put, the leak); portal clients use short
# connections. JE_RELOAD_AT s in, the config's tariff_version is changed and the master gets SIGHUP (trap: both
# workers rebuild a 6 MB tariff table). `pidstat -h -r -p MASTER,WORKER0,WORKER1 5`.
record_jemalloc() {
  local seconds="${JE_SECONDS:-100}" reload_at="${JE_RELOAD_AT:-45}"
  local dest="$out_root/h23-jemalloc-sorrelgate-pinned-sync-conn-cache-one-worker-beside-reload" run port
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/log" "$run/etc"
  port="$(free_port)"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/sorrelgate -fdebug-prefix-map="$run"=/usr/src/sorrelgate -o bin/sorrelgate "$here/jemalloc/sorrelgate.c" -ljemalloc)
  printf 'tariff_version=2026-12a\nworkers=2\n' > "$run/etc/sorrelgate.conf"
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/sorrelgate,lg_prof_interval:24,lg_prof_sample:17"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/sorrelgate "$port" "$run/etc/sorrelgate.conf" "$run/log/sorrelgate.log") &
  local pid=$! t0; t0="$(hms)"
  sleep 0.7
  local kids; kids="$(pgrep -P "$pid" | paste -sd, -)"
  LC_ALL=C pidstat -h -r -p "$pid,$kids" 5 "$(( seconds / 5 + 1 ))" > "$run/log/pidstat.txt" &
  local stat=$!
  python3 "$here/jemalloc/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err" &
  local load=$!
  sleep "$reload_at"
  printf 'tariff_version=2026-12b\nworkers=2\n' > "$run/etc/sorrelgate.conf"
  kill -HUP "$pid"
  local tr; tr="$(hms)"
  wait "$load" || true
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  {
    echo "# on-call notes $(date -u +%F) UTC - sorrelgate on rates-gw-2"
    echo "${t0%:*} sorrelgate 1.12.3 restarted with jemalloc heap profiling (a dump every 16 MiB allocated, prof_final)"
    echo "${tr%:*} tariff 2026-12b pushed: config edited + kill -HUP (reload). memory after the reload looks higher?"
    echo "$(date -u +%H:%M) stopped; pulled the .heap files, sorrelgate.log (access + events, all processes), pidstat"
  } > "$run/log/oncall-notes.txt"
  sed -i "s#$run/etc#/etc/sorrelgate#g; s#$run/log#/var/log/sorrelgate#g; s#$run#/opt/sorrelgate#g" "$run/log/sorrelgate.log"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/heap"
  local f
  for f in "$run"/prof/*.heap; do sed "s#$run/bin/#/opt/sorrelgate/bin/#g" "$f" > "$dest/heap/$(basename "$f")"; touch -r "$f" "$dest/heap/$(basename "$f")"; done
  cp "$run"/bin/sorrelgate "$dest/bin/"
  for f in sorrelgate.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  echo "master pid $pid start $t0 reload $tr" >&2
  rm -rf "$run"
}

# h23-platform-kestrelby-bounded-cache-plateau-deploy-oomkill-note-control: healthy control. platform/dynoplat.py
# (a Heroku-style platform: router, releases, runtime metrics every 20 s from /proc, the log tail) over two real web
# dynos running platform/web.py (stdlib Python 3.11). Each dyno's sightings cache is an LRU bounded at 3,200
# entries (~32 MB): it fills in ~40 s and stays full. At PF_DEPLOY_AT s release v143 (deploy 9c4e2d1) restarts
# both dynos, whose caches fill again and level off (trap); /exports/sightings.csv is slow (trap); the notes
# mention an OOM kill of another process on another host (trap).
record_platform() {
  local seconds="${PF_SECONDS:-200}" deploy_at="${PF_DEPLOY_AT:-75}"
  local dest="$out_root/h23-platform-kestrelby-bounded-cache-plateau-deploy-oomkill-note-control" run
  run="$(mktemp -d)"
  local t0; t0="$(hms)"
  python3 "$here/platform/dynoplat.py" "$seconds" "$deploy_at" "$run" "$run/kestrelby-tail.log" 2> "$run/platform.err"
  local td; td="$(grep -m1 'Deploy 9c4e2d1' "$run/kestrelby-tail.log" | cut -c12-16)"
  local m0 m1 # web.1's first memory_total and its highest before the deploy, rounded to 5 MB as read off a graph
  m0="$(grep -m1 'source=web.1 .*memory_total' "$run/kestrelby-tail.log" | sed 's/.*memory_total=\([0-9]*\).*/\1/')"
  m1="$(sed '/Deploy 9c4e2d1/q' "$run/kestrelby-tail.log" | grep 'source=web.1 .*memory_total' | sed 's/.*memory_total=\([0-9]*\).*/\1/' | sort -n | tail -1)"
  m0=$(( (m0 + 2) / 5 * 5 )); m1=$(( (m1 + 2) / 5 * 5 ))
  {
    echo "# on-call notes $(date -u +%F) UTC (kestrelby-survey, heroku logs --tail)"
    echo "${t0%:*} tailing kestrelby-survey: memory_total on web.1 went from ~${m0} MB to ~${m1} MB within a minute of this morning's restart, web.2 the same"
    echo "${td} v143 deployed (9c4e2d1, mirela: new checklist map). memory climbing again on both dynos right after it - leak in v143?"
    echo "${td} unrelated? ops channel: kernel OOM killer took clamd (pid 31877) on the scan-worker box overnight"
    echo "$(date -u +%H:%M) the sightings export takes 2-3 s every time, could be the memory too. saved the tail"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$run/kestrelby-tail.log" "$dest/kestrelby-tail.log"
  ship "$run/oncall-notes.txt" "$dest/oncall-notes.txt"
  cat "$run/platform.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h23-beam-gullyford-portal-rows-ets-beside-batcher-mailbox-node-restart) record_beam ;;
    h23-jemalloc-sorrelgate-pinned-sync-conn-cache-one-worker-beside-reload) record_jemalloc ;;
    h23-python-dunlow-intake-bodies-sparse-samples-beside-nightly-report) record_python ;;
    h23-platform-kestrelby-bounded-cache-plateau-deploy-oomkill-note-control) record_platform ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
