#!/usr/bin/env bash
# Records the holdout16-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h16-beam-sluicegate-frame-headers-beside-alarm-backlog          beam/       ~110 s
#     h16-jemalloc-quillstack-ingest-intern-beside-tarnbridge-deploy  jemalloc/   ~100 s
#     h16-python-fernway-maxrequests-geocode-memo-beside-tiles        pyprefork/  ~110 s
#     h16-jemalloc-loamrelay-burst-plateau-reload-control              jecontrol/  ~90 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h16-beam-sluicegate-frame-headers-beside-alarm-backlog
  h16-jemalloc-quillstack-ingest-intern-beside-tarnbridge-deploy h16-python-fernway-maxrequests-geocode-memo-beside-tiles
  h16-jemalloc-loamrelay-burst-plateau-reload-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }

# h16-beam-sluicegate-frame-headers-beside-alarm-backlog: beam/*.erl, one OTP 25 node (-sname sluicegate) running
# plain registered processes: gauge_uplink (frames ~3.5/s, 110-340 KB each, to reading_normalizer; 8 alarms per
# 200 ms to alarm_dispatch, after a 4800-alarm replay), reading_normalizer (keeps a 96-byte sub-binary header of
# every frame: the leak), alarm_dispatch (drains 8 per 200 ms: a long, steady mailbox), basin_model (150k-cell map
# in its state, loaded at boot). sg_probe writes procs.log every 3 s; the kernel logger's default handler writes
# sluicegate.log (single-line, custom template); `pidstat -h -r -C beam.smp 4` samples the VM.
record_beam() {
  local seconds="${BEAM_SECONDS:-105}" dest="$out_root/h16-beam-sluicegate-frame-headers-beside-alarm-backlog" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  LC_ALL=C pidstat -h -r -C beam.smp 4 "$(( seconds / 4 + 4 ))" > "$run/out/pidstat.txt" &
  local stat=$!
  sleep 1
  local t0; t0="$(hms)"
  (cd "$run" && erl -noshell -sname sluicegate -pa ebin -kernel logger_level info \
     -kernel logger "[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/sluicegate.log\"},formatter=>{logger_formatter,#{single_line=>true,template=>[time,\" [\",level,\"] \",pid,\" \",msg,\"\\n\"]}}}}]" \
     -eval "sluicegate:start(\"$run/out\", $seconds)")
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  {
    echo "# on-call notes $(date -u +%F) UTC - sluicegate on sluice-core-2"
    echo "${t0%:*} sluicegate restarted after the 02:10 memory page, sg_probe on (procs.log every 3 s)"
    echo "$(date -u -d '-50 sec' +%H:%M) alarm_dispatch has ~4800 alarms queued, the paging quota again. mailbox backing up = memory?"
    echo "$(date -u -d '-30 sec' +%H:%M) basin_model is the biggest process by far (~70 MB). was the catchment grid made finer in 3.2?"
    echo "$(date -u +%H:%M) stopped it before the 1 GB alarm; kept procs.log, sluicegate.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/sluicegate#g; s#$run#/srv/sluicegate#g; s#@$host#@sluice-core-2#g" \
      "$run/out/sluicegate.log" "$run/out/procs.log"
  clean "$dest"
  for f in sluicegate.log procs.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h16-jemalloc-quillstack-ingest-intern-beside-tarnbridge-deploy: two C services on one host (gcc -O2 -g, jemalloc
# 5.3, MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/<service>,lg_prof_interval:24,lg_prof_sample:17):
# jemalloc/quillstack.c (leaks in intern_label when reached from normalize_tags, not from resolve_matchers) and
# jemalloc/tarnbridge.c (stable). JE_DEPLOY_AT s in, tarnbridge 4.2.0 is deployed (the 4.1.7 process stopped, the new
# build started: a new pid; Capistrano's revisions.log of tarnbridge). `pidstat -r -C 'quillstack|tarnbridge' 3`.
record_jemalloc() {
  local seconds="${JE_SECONDS:-100}" deploy_at="${JE_DEPLOY_AT:-46}"
  local dest="$out_root/h16-jemalloc-quillstack-ingest-intern-beside-tarnbridge-deploy" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/quillstack -fdebug-prefix-map="$run"=/usr/src/quillstack -o bin/quillstack "$here/jemalloc/quillstack.c" -ljemalloc \
   && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/tarnbridge -fdebug-prefix-map="$run"=/usr/src/tarnbridge -o bin/tarnbridge-4.1.7 "$here/jemalloc/tarnbridge.c" -ljemalloc \
   && gcc -g -O2 -DRETRY_JITTER -fdebug-prefix-map="$here/jemalloc"=/usr/src/tarnbridge -fdebug-prefix-map="$run"=/usr/src/tarnbridge -o bin/tarnbridge-4.2.0 "$here/jemalloc/tarnbridge.c" -ljemalloc)
  local mq="prof:true,prof_final:true,prof_prefix:$run/prof/quillstack,lg_prof_interval:24,lg_prof_sample:17"
  local mt="prof:true,prof_final:true,prof_prefix:$run/prof/tarnbridge,lg_prof_interval:24,lg_prof_sample:17"
  LC_ALL=C pidstat -r -C 'quillstack|tarnbridge' 3 "$(( seconds / 3 + 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  sleep 1
  local t0; t0="$(hms)"
  (cd "$run" && exec env MALLOC_CONF="$mt" ./bin/tarnbridge-4.1.7 "$run/tarnbridge.log") &
  local tb=$!
  sleep 2
  (cd "$run" && exec env MALLOC_CONF="$mq" ./bin/quillstack "$run/quillstack.log") &
  local qs=$!
  sleep "$deploy_at"
  local td; td="$(hms)"
  echo "Branch release/4.2 (at 3be91a0) deployed as release $(date -u +%Y%m%d%H%M%S) by deploybot" >> "$run/revisions.log"
  kill -TERM "$tb"; wait "$tb" || true
  (cd "$run" && exec env MALLOC_CONF="$mt" ./bin/tarnbridge-4.2.0 "$run/tarnbridge.log") &
  tb=$!
  sleep "$(( seconds - deploy_at - 3 ))"
  kill -TERM "$qs" "$tb"; wait "$qs" || true; wait "$tb" || true
  wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/svc/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/quillstack "$run"/bin/tarnbridge-4.1.7 "$run"/bin/tarnbridge-4.2.0 "$dest/bin/"
  {
    echo "# on-call notes $(date -u +%F) UTC - metrics-3 (quillstack + tarnbridge)"
    echo "${t0} restarted quillstack and tarnbridge with jemalloc profiling on (dump every 16 MiB allocated + at exit)"
    echo "${td} deploy: tarnbridge 4.2.0 (release/4.2, 3be91a0) by deploybot, retry jitter. new process"
    echo "$(date -u +%H:%M) host memory still climbing after the tarnbridge deploy. did 4.2.0's retry change start buffering more? run_query/resolve_matchers is the top allocator in quillstack's profiles too. saved profiles of all pids, pidstat, both logs"
  } > "$run/oncall-notes.txt"
  for f in quillstack.log tarnbridge.log revisions.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h16-python-fernway-maxrequests-geocode-memo-beside-tiles: pyprefork/fernway.py (a gunicorn-style master + 4 sync
# workers, all named fernway, max_requests 220 + jitter 0-40: each worker is recycled after ~60 s), loaded by
# pyprefork/loadgen.py (~15 requests/s) for PY_SECONDS. The workers write a logfmt access log (time, pid, method,
# path, status, duration ms, bytes); master and workers gunicorn's error-log lines; `pidstat -r -C fernway 2`
# (no -h) samples the five processes (pidstat lists those that faulted in the interval).
record_python() {
  local seconds="${PY_SECONDS:-110}" dest="$out_root/h16-python-fernway-maxrequests-geocode-memo-beside-tiles" run port
  run="$(mktemp -d)"
  mkdir -p "$run/logs"
  port=$(( 20000 + RANDOM % 20000 ))
  python3 "$here/pyprefork/fernway.py" "$port" "$run/logs" &
  local master=$!
  sleep 1.5
  LC_ALL=C pidstat -r -C fernway 2 "$(( seconds / 2 + 3 ))" > "$run/logs/pidstat.txt" &
  local stat=$!
  local t0; t0="$(hms)"
  sleep 1
  python3 "$here/pyprefork/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 2
  kill -TERM "$master"; wait "$master" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local alog="$run/logs/access.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - fernway on api-eu-4"
    echo "${t0%:*} fernway restarted (gunicorn -w 4 --max-requests 220 --max-requests-jitter 40) after the 1.9 GB alert"
    echo "$(grep -m3 '/v2/tiles/' "$alog" | tail -1 | cut -c17-21) a worker jumps 50-70 MB whenever an elevation tile renders. tiles again? move them to the render farm?"
    echo "$(tail -1 "$alog" | cut -c17-21) max_requests keeps each worker in check, RSS drops at every recycle. saved pidstat, access.log and error.log"
  } > "$run/logs/oncall-notes.txt"
  sed -i "s#$run/logs#/var/log/fernway#g" "$run/logs/error.log"
  clean "$dest"
  for f in access.log error.log pidstat.txt oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h16-jemalloc-loamrelay-burst-plateau-reload-control: jecontrol/loamrelay.c (gcc -O2 -g, jemalloc 5.3,
# MALLOC_CONF=background_thread:true,prof:true,prof_final:true,prof_prefix:<dir>/loamrelay,lg_prof_interval:25,lg_prof_sample:18), healthy:
# a reconnect storm fills its bounded session table in its first ~20 s (RSS rises, then flat). CTL_RELOAD_AT s in the
# operator edits loamrelay.conf and sends SIGHUP; CTL_SNAPSHOT_AT s in, SIGUSR1 asks for a retained-message snapshot
# (140-180 MiB for ~3 s, then freed). `pidstat -h -r -p <pid> 3`.
record_control() {
  local seconds="${CTL_SECONDS:-96}" reload_at="${CTL_RELOAD_AT:-38}" snap_at="${CTL_SNAPSHOT_AT:-57}"
  local dest="$out_root/h16-jemalloc-loamrelay-burst-plateau-reload-control" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jecontrol"=/usr/src/loamrelay -fdebug-prefix-map="$run"=/usr/src/loamrelay -o bin/loamrelay "$here/jecontrol/loamrelay.c" -ljemalloc)
  printf 'session_ttl = 300\nfanout_batch = 64\nbroker = mqtt-a.soil.local:8883\n' > "$run/loamrelay.conf"
  local mconf="background_thread:true,prof:true,prof_final:true,prof_prefix:$run/prof/loamrelay,lg_prof_interval:25,lg_prof_sample:18"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/loamrelay "$run/loamrelay.conf" "$run/loamrelay.log") &
  local pid=$! t0; t0="$(hms)"
  LC_ALL=C pidstat -h -r -p "$pid" 3 "$(( seconds / 3 + 1 ))" > "$run/pidstat.txt" &
  local stat=$!
  sleep "$reload_at"
  printf 'session_ttl = 180\nfanout_batch = 128\nbroker = mqtt-b.soil.local:8883\n' > "$run/loamrelay.conf"
  local tc; tc="$(hms)"; kill -HUP "$pid"
  sleep "$(( snap_at - reload_at ))"
  local ts; ts="$(hms)"; kill -USR1 "$pid"
  sleep "$(( seconds - snap_at ))"
  kill -TERM "$pid"; wait "$pid" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/usr/local/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/loamrelay "$dest/bin/"
  {
    echo "# on-call notes $(date -u +%F) UTC - loamrelay on relay-2"
    echo "${t0} loamrelay restarted after the mqtt-a failover, profiling on (dump every 32 MiB allocated + at exit)"
    echo "${tc} config change: session_ttl 300 -> 180, fanout_batch 64 -> 128, broker mqtt-a -> mqtt-b (SOIL-77), reloaded with SIGHUP"
    echo "${ts} retained-message snapshot requested (SIGUSR1) for the migration"
    echo "$(date -u +%H:%M) RSS went up after the reconnect storm and never came back down to yesterday's level. leak since the config change? kept profiles, pidstat, log"
  } > "$run/oncall-notes.txt"
  for f in loamrelay.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h16-beam-sluicegate-frame-headers-beside-alarm-backlog) record_beam ;;
    h16-jemalloc-quillstack-ingest-intern-beside-tarnbridge-deploy) record_jemalloc ;;
    h16-python-fernway-maxrequests-geocode-memo-beside-tiles) record_python ;;
    h16-jemalloc-loamrelay-burst-plateau-reload-control) record_control ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
