#!/usr/bin/env bash
# Records the holdout15-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, util-linux (dmesg), and
# for the python incident a writable cgroup v1 memory hierarchy (MEMCG, default: the recorder's own memory cgroup).
#   ./record.sh [INCIDENT…]   default: all four
#     h15-beam-ferrydesk-quote-cache-manifest-binaries-upgrade   beam-ferry/   ~110 s
#     h15-jemalloc-coldroom-recall-audit-rare                     jemalloc/     ~105 s
#     h15-python-tenantdesk-rates-oomkill-restart                 pythread/     ~85 s
#     h15-beam-tollgate-plaza-burst-deploy-control                beam-toll/    ~100 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h15-beam-ferrydesk-quote-cache-manifest-binaries-upgrade
  h15-jemalloc-coldroom-recall-audit-rare h15-python-tenantdesk-rates-oomkill-restart h15-beam-tollgate-plaza-burst-deploy-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
beam_of() { # beam_of SHELL_PID: the beam.smp of an erl started in the background
  local b="" i
  for i in $(seq 100); do
    b="$(pgrep -P "$1" -x beam.smp || true)"
    [ -z "$b" ] && [ "$(cat /proc/$1/comm 2>/dev/null)" = beam.smp ] && b=$1
    [ -n "$b" ] && break; sleep 0.1
  done
  echo "$b"
}

# h15-beam-ferrydesk-quote-cache-manifest-binaries-upgrade: the ferrydesk OTP node (beam-ferry/). The kernel logger's
# default handler writes ferrydesk.log (single-line default formatter); fd_probe appends ~p process samples (with
# the `binary` item) and erlang:memory() to procs.log every 5 s; `pidstat -r -p <beam.smp> 5` samples the VM. At
# FERRY_UPGRADE_AT s the on-call triggers the 4.2.1 hot upgrade (manifest_builder) and, 4 s later, a config change.
record_ferry() {
  local seconds="${FERRY_SECONDS:-110}" up_at="${FERRY_UPGRADE_AT:-50}" dest="$out_root/h15-beam-ferrydesk-quote-cache-manifest-binaries-upgrade" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam-ferry/*.erl
  cp "$here/beam-ferry/ferrydesk.app.src" "$run/ebin/ferrydesk.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/ferrydesk.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => true}}}}]}]},
 {ferrydesk, [{out_dir, "$run/out"}]}].
CFG
  (cd "$run" && exec erl -noshell -sname "ferrydesk$$" -pa ebin -config sys -eval 'ferrydesk_node:run()' > /dev/null 2>&1) &
  local shell=$! beam; beam="$(beam_of "$shell")"
  LC_ALL=C pidstat -r -p "$beam" 5 "$(( seconds / 5 + 1 ))" > "$run/out/pidstat.txt" &
  local stat=$! t0; t0="$(hms)"
  sleep "$up_at"
  local tu; tu="$(hms)"; touch "$run/out/upgrade"
  sleep "$(( seconds - up_at ))"
  kill -TERM "$beam"; wait "$shell" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local node; node="$(grep -m1 -o "ferrydesk[0-9]*@$(hostname -s)" "$run/out/procs.log")"
  {
    echo "# on-call notes $(date -u +%F) UTC - ferrydesk on booking-2"
    echo "${t0%:*} ferrydesk restarted after the 03:10 memory page (beam.smp 2.1 GB), probe on: procs.log every 5 s"
    echo "${tu%:*} release upgrade 4.2.0 -> 4.2.1 (manifest_builder fix, hot upgrade, no restart), then config change quote_ttl_s 900 -> 300"
    echo "$(date -u +%H:%M) still climbing. manifest_builder holds 6-17 MB of binaries in most samples, is the manifest render leaking? stopped, kept procs.log, ferrydesk.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/ferrydesk#g; s#$run#/srv/ferrydesk#g; s#$node#ferrydesk@booking-2#g" \
      "$run/out/ferrydesk.log" "$run/out/procs.log"
  clean "$dest"
  for f in ferrydesk.log procs.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h15-beam-tollgate-plaza-burst-deploy-control: the tollgate OTP node (beam-toll/), healthy. The kernel logger's
# default handler writes tollgate.log (multi-line, legacy `=INFO REPORT====` headers); tg_probe appends JSON lines to
# procs.jsonl every 3 s; `pidstat -h -r -p <beam.smp> 4` samples the VM. Lane controllers reconnect at TOLL_BURST1 s
# and TOLL_BURST2 s (36,000 buffered transactions replayed each time); the 1.8.3 deploy lands at TOLL_DEPLOY_AT s.
record_toll() {
  local seconds="${TOLL_SECONDS:-100}" b1="${TOLL_BURST1:-28}" dep="${TOLL_DEPLOY_AT:-50}" b2="${TOLL_BURST2:-70}"
  local dest="$out_root/h15-beam-tollgate-plaza-burst-deploy-control" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam-toll/*.erl
  cp "$here/beam-toll/tollgate.app.src" "$run/ebin/tollgate.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/tollgate.log"}, level => info,
                        formatter => {logger_formatter, #{legacy_header => true, single_line => false}}}}]}]},
 {tollgate, [{out_dir, "$run/out"}]}].
CFG
  (cd "$run" && exec erl -noshell -sname "tollgate$$" -pa ebin -config sys -eval 'tollgate_node:run()' > /dev/null 2>&1) &
  local shell=$! beam; beam="$(beam_of "$shell")"
  LC_ALL=C pidstat -h -r -p "$beam" 4 "$(( seconds / 4 + 1 ))" > "$run/out/pidstat.txt" &
  local stat=$! t0; t0="$(hms)"
  sleep "$b1"; touch "$run/out/replay-1"; local tb1; tb1="$(hms)"
  sleep "$(( dep - b1 ))"; touch "$run/out/deploy"; local td; td="$(hms)"
  sleep "$(( b2 - dep ))"; touch "$run/out/replay-2"; local tb2; tb2="$(hms)"
  sleep "$(( seconds - b2 ))"
  kill -TERM "$beam"; wait "$shell" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local node; node="$(grep -m1 -o "tollgate[0-9]*@$(hostname -s)" "$run/out/procs.jsonl")"
  {
    echo "# on-call notes $(date -u +%F) UTC - tollgate on plaza-east-1"
    echo "${t0} tollgate node up, probe writing procs.jsonl every 3 s (memory alert on plaza-east-1 earlier tonight)"
    echo "${tb1} lane 5 controller back after the fibre cut, replaying its buffer. plaza_events mailbox jumping"
    echo "${td} deploy: tollgate 1.8.3 (a41c9e0) rolled out by deploybot (hot load, toll_rates)"
    echo "${tb2} lane 10 controller reconnected, another replay"
    echo "$(date -u +%H:%M:%S) is 1.8.3 or the replay eating memory? saved procs.jsonl, tollgate.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/tollgate#g; s#$run#/srv/tollgate#g; s#$node#tollgate@plaza-east-1#g" \
      "$run/out/tollgate.log" "$run/out/procs.jsonl"
  clean "$dest"
  for f in tollgate.log procs.jsonl pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}
# h15-jemalloc-coldroom-recall-audit-rare: jemalloc/coldroom.c (gcc -O2 -g, jemalloc 5.3) on 127.0.0.1, driven by
# jemalloc/loadgen.py (3 threads, ~40 requests/s) for JE_SECONDS, with MALLOC_CONF=prof:true,prof_final:true,
# prof_prefix:<dir>/jeprof,lg_prof_interval:30,lg_prof_sample:17 (an interval dump every 1 GiB allocated, a final
# dump at exit). `pidstat -h -r -p <pid> 2` samples it. The on-call then copies the profiles off the box the way
# they were handed over: renamed coldroom.<seq>.i<n>.heap / coldroom.<seq>.f.heap (no pid) by a plain cp (no -p, so
# every mtime is the copy time).
record_jemalloc() {
  local seconds="${JE_SECONDS:-100}" dest="$out_root/h15-jemalloc-coldroom-recall-audit-rare" run port
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  port=$(( 20000 + RANDOM % 20000 ))
  (cd "$run" && gcc -g -O2 -pthread -fdebug-prefix-map="$here/jemalloc"=/usr/src/coldroom \
     -fdebug-prefix-map="$run"=/usr/src/coldroom -o bin/coldroom "$here/jemalloc/coldroom.c" -ljemalloc)
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/jeprof,lg_prof_interval:30,lg_prof_sample:17"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/coldroom "$port" "$run/access.log" 2> "$run/coldroom.err") &
  local pid=$!
  sleep 0.5
  LC_ALL=C pidstat -h -r -p "$pid" 2 "$(( seconds / 2 + 3 ))" > "$run/pidstat.txt" &
  local stat=$! t0; t0="$(hms)"
  sleep 1
  python3 "$here/jemalloc/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 2
  kill -TERM "$pid"; (sleep 0.2; python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null || true)
  wait "$pid" || true
  wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/heap"
  sleep 1
  local f b seq kind
  for f in "$run"/prof/*.heap; do
    b="$(basename "$f")"; seq="$(echo "$b" | cut -d. -f3)"; kind="$(echo "$b" | cut -d. -f4)"
    sed "s#$run/bin/#/opt/coldroom/bin/#g" "$f" > "$dest/heap/coldroom.$seq.$kind.heap"
  done
  cp "$run/bin/coldroom" "$dest/bin/"
  local recalls; recalls="$(grep -c '"POST /recalls/' "$run/access.log")"
  {
    echo "# on-call notes $(date -u +%F) UTC - coldroom on cc-wh-4"
    echo "${t0%:*} restarted coldroom 3.1.4 with jemalloc profiling (dump every 1 GiB allocated + final) for the RSS alert"
    echo "$(date -u +%H:%M) stopped after ~$(( seconds / 60 )) min. jeprof --alloc_space says label_sheet_render is ~all of the allocation, 2-5 MB per request. labels again?"
    echo "$(date -u +%H:%M) only ${recalls} recalls today, the rest is pallet lookups and readings. copied heap files to the share (renamed, no pid), access.log, pidstat"
  } > "$run/oncall-notes.txt"
  for f in access.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  cat "$run/coldroom.err" "$run/loadgen.err" >&2
  rm -rf "$run"
}
# h15-python-tenantdesk-rates-oomkill-restart: pythread/tenantdesk.py (one python3 process, a thread per request)
# under pythread/tenantdesk-run.sh (a Restart=always supervisor that puts it in a memory cgroup limited to
# PY_LIMIT, default 128M: the platform's limit), loaded by pythread/loadgen.py. The kernel OOM-kills it when the
# cgroup is full; the supervisor starts a new one; the run goes on PY_AFTER s after the restart (or stops at
# PY_MAX s if no kill came). Artifacts: the service's access log, the supervisor's logfmt log, `pidstat -r -C
# tenantdesk 2`, and the kernel's OOM report from `dmesg -T` (the cgroup path rewritten to the unit's).
record_python() {
  local limit="${PY_LIMIT:-128M}" after="${PY_AFTER:-35}" max="${PY_MAX:-110}" dest="$out_root/h15-python-tenantdesk-rates-oomkill-restart"
  local run port cg parent
  run="$(mktemp -d)"; mkdir -p "$run/logs"
  port=$(( 20000 + RANDOM % 20000 ))
  parent="${MEMCG:-/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)}"
  cg="$parent/h15-tenantdesk-$$"
  mkdir "$cg"; echo "$limit" > "$cg/memory.limit_in_bytes"; echo "$limit" > "$cg/memory.memsw.limit_in_bytes" 2>/dev/null || true
  local k0; k0="$(dmesg | wc -l)"
  "$here/pythread/tenantdesk-run.sh" "$port" "$run/logs" "$cg" &
  local runner=$!
  sleep 1
  LC_ALL=C pidstat -r -C tenantdesk 2 > "$run/logs/pidstat.txt" &
  local stat=$! t0; t0="$(hms)"
  python3 "$here/pythread/loadgen.py" "$port" 1000 2> "$run/loadgen.err" &
  local load=$! waited=0
  while [ "$waited" -lt "$max" ] && ! grep -q 'msg=killed' "$run/logs/tenantdesk-run.log"; do sleep 1; waited=$(( waited + 1 )); done
  local tk; tk="$(hms)"
  grep -q 'msg=killed' "$run/logs/tenantdesk-run.log" && sleep "$after"
  kill "$load" 2>/dev/null || true; wait "$load" || true
  touch "$run/logs/down"; kill -TERM "$(cat "$run/logs/service.pid")" 2>/dev/null || true; wait "$runner" || true
  sleep 2; kill -INT "$stat" 2>/dev/null || true; wait "$stat" || true
  dmesg -T | tail -n +"$(( k0 + 1 ))" | awk '/invoked oom-killer/ {on=1} on {print} /Killed process/ {on=0; reap=1; next} reap && /oom_reaper/ {print; reap=0}' > "$run/logs/kern-oom.log"
  rmdir "$cg" 2>/dev/null || true
  local cgrel="${cg#/sys/fs/cgroup/memory}"
  sed -i "s#$cgrel#/system.slice/tenantdesk.service#g; s#${cgrel%/*}#/system.slice#g" "$run/logs/kern-oom.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - tenantdesk on bill-api-3"
    echo "${t0%:*} tenantdesk 6.2.0 started fresh (platform limit 128 MiB) after last night's OOM kills"
    echo "${tk%:*} OOM-killed again by the platform, supervisor restarted it. the dashboard's ledger report was running right then (tens of MB per report). limit too low for reports?"
    echo "$(date -u +%H:%M) stopped; saved access.log, pidstat, supervisor log and the kernel OOM report"
  } > "$run/logs/oncall-notes.txt"
  clean "$dest"
  for f in access.log tenantdesk-run.log pidstat.txt kern-oom.log oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" "$run/logs/tenantdesk.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h15-beam-ferrydesk-quote-cache-manifest-binaries-upgrade) record_ferry ;;
    h15-jemalloc-coldroom-recall-audit-rare) record_jemalloc ;;
    h15-python-tenantdesk-rates-oomkill-restart) record_python ;;
    h15-beam-tollgate-plaza-burst-deploy-control) record_toll ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
