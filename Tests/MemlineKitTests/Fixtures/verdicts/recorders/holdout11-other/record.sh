#!/usr/bin/env bash
# Records the holdout11-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), ruby (3.1) + puma (Debian's 5.6.5),
# sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h11-jemalloc-dockyard-xref-deploy       jemalloc/    ~110 s (old build 45 s, deploy, new build 62 s)
#     h11-beam-grainline-refc-binaries        beam/        100 s
#     h11-platform-crewroster-worker-job      platform/    150 s (after 30 s of warm-up)
#     h11-python-tidecast-restart-control     pycontrol/   ~105 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h11-jemalloc-dockyard-xref-deploy h11-beam-grainline-refc-binaries h11-platform-crewroster-worker-job h11-python-tidecast-restart-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h11-jemalloc-dockyard-xref-deploy: jemalloc/dockyardd.c built twice with gcc -O2 -g against jemalloc 5.3:
# dockyardd-3.4.0 and dockyardd-3.5.0 (-DXREF_INDEX). Both run with
# MALLOC_CONF=prof:true,prof_prefix:<dir>/dockyardd,lg_prof_interval:23,lg_prof_sample:17 (interval dumps every
# 8 MiB allocated, no final dump). 3.4.0 runs OLD_SECONDS, then the deploy tool stops it (SIGTERM) and starts
# 3.5.0 (a new process, new pid) which runs NEW_SECONDS. `pidstat -h -r -C dockyardd 2` samples both;
# deploy.log is the deploy tool's log (time-stamped lines), dockyardd.log the service's own log (syslog-style).
record_jemalloc() {
  local old="${JE_OLD_SECONDS:-45}" new="${JE_NEW_SECONDS:-62}" dest="$out_root/h11-jemalloc-dockyard-xref-deploy" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  (cd "$run" && gcc -g -O2 -pthread -fdebug-prefix-map="$here/jemalloc"=/usr/src/dockyardd -fdebug-prefix-map="$run"=/usr/src/dockyardd -o bin/dockyardd-3.4.0 "$here/jemalloc/dockyardd.c" -ljemalloc \
             && gcc -g -O2 -pthread -DXREF_INDEX -fdebug-prefix-map="$here/jemalloc"=/usr/src/dockyardd -fdebug-prefix-map="$run"=/usr/src/dockyardd -o bin/dockyardd-3.5.0 "$here/jemalloc/dockyardd.c" -ljemalloc)
  local conf="prof:true,prof_prefix:$run/prof/dockyardd,lg_prof_interval:23,lg_prof_sample:17"
  LC_ALL=C pidstat -h -r -C dockyardd 2 "$(( (old + new + 8) / 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  sleep 1
  local pid
  dl() { echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ') $*" >> "$run/deploy.log"; }
  dl "deploy dockyardd 3.4.0 (build 1187) on yard-gw-2: started by ci"
  (cd "$run" && exec env MALLOC_CONF="$conf" ./bin/dockyardd-3.4.0 100000 "$run/dockyardd.log") &
  pid=$!
  dl "deploy dockyardd 3.4.0 (build 1187) on yard-gw-2: finished, pid $pid"
  sleep "$old"
  dl "deploy dockyardd 3.5.0 (build 1203, a41c9e2) on yard-gw-2: started by ci (YARD-812 manifest cross-reference index, YARD-799 lane metrics)"
  kill -TERM "$pid"; wait "$pid" || true
  dl "deploy dockyardd 3.5.0 (build 1203, a41c9e2): stopped dockyardd-3.4.0 pid $pid"
  (cd "$run" && exec env MALLOC_CONF="$conf" ./bin/dockyardd-3.5.0 100000 "$run/dockyardd.log") &
  pid=$!
  dl "deploy dockyardd 3.5.0 (build 1203, a41c9e2) on yard-gw-2: finished, pid $pid, health check ok"
  sleep "$new"
  kill -TERM "$pid"; wait "$pid" || true
  wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do # the profiles name the installed binaries
    sed "s#$run/bin/#/opt/dockyardd/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/dockyardd-3.4.0 "$run"/bin/dockyardd-3.5.0 "$dest/bin/"
  sed -i "s#$run#/var/lib/dockyardd#g" "$run/deploy.log"
  local log="$run/dockyardd.log" dep
  dep="$(grep -m1 'deploy dockyardd 3.5.0' "$run/deploy.log" | cut -c12-19)"
  {
    echo "# on-call notes $(date -u +%F) UTC - dockyardd on yard-gw-2"
    echo "$(head -1 "$log" | cut -c8-12) dockyardd 3.4.0 restarted by ci with jemalloc heap profiling on (prof_prefix /var/lib/dockyardd/prof/dockyardd, every 8 MiB)"
    echo "$dep deploy: dockyardd 3.5.0 (build 1203, a41c9e2) rolled out on yard-gw-2 by ci, new process"
    echo "$(date -u -d "@$(( $(date -u -d "$(head -c 10 "$run/deploy.log") $dep" +%s) + 48 ))" +%H:%M:%S) RSS jumping around 25-45 MB, yard snapshots are 9-18 MB each, maybe the snapshot buffers are not freed?"
    echo "$(date -u +%H:%M) stopped it, copied the profiles of both pids, pidstat and both binaries"
  } > "$run/oncall-notes.txt"
  for f in dockyardd.log deploy.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h11-platform-crewroster-worker-job: platform/drain.py runs crewroster's dynos as real processes (web.1, web.2:
# Debian's Puma 5.6.5 in single mode over platform/web/config.ru; worker.1: platform/worker.rb, Sidekiq-7-like with
# the JSON formatter), lets them serve traffic for 30 s, starts the tail and writes what `heroku logs --tail`
# printed in 150 s. PairingOptimizerJob runs at 35 s and 105 s after the attach; an admin pulls the annual FDP
# report from web.2 at 48 s.
record_platform() {
  local seconds="${PF_SECONDS:-150}" warmup="${PF_WARMUP:-30}" dest="$out_root/h11-platform-crewroster-worker-job" run
  run="$(mktemp -d)"
  WARMUP="$warmup" OPTIMIZER_AT="$(( warmup + 35 )),$(( warmup + 105 ))" REPORT_AT=48 \
    python3 "$here/platform/drain.py" "$seconds" "$run" "$run/heroku-logs.txt"
  local log="$run/heroku-logs.txt"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (crewroster-prod)"
    echo "~$(hm_of 'fdp-annual') web.2 memory way up (fdp-annual report pulled by ops), R14 on web.2?"
    echo "~$(hm_of 'PairingOptimizerJob') worker.1 jumped too, PairingOptimizerJob is running (monthly re-optimisation)"
    echo "~$(tail -1 "$log" | cut -c12-16) saved the tail for the review"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-logs.txt"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

# h11-beam-grainline-refc-binaries: the grainline OTP node (beam/), started with -sname grainline. The kernel
# logger's default handler writes grainline.log (default formatter, single-line); gl_probe writes procs.log every
# 4 s (a UTC time line, the ~p of process_info with `binary` for the 10 largest processes by memory plus the 3
# holding the most binary bytes, then erlang:memory()); `pidstat -r -p <beam.smp> 5` samples the VM.
record_beam() {
  local seconds="${BEAM_SECONDS:-100}" dest="$out_root/h11-beam-grainline-refc-binaries" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/grainline.app.src" "$run/ebin/grainline.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/grainline.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => true}}}}]}]},
 {grainline, [{out_dir, "$run/out"}, {run_seconds, $seconds}]}].
CFG
  (cd "$run" && exec erl -noshell -sname "grainline$$" -pa ebin -config sys -eval 'grainline_node:run()' > /dev/null) &
  local node=$!
  local i; for i in $(seq 80); do [ -s "$run/out/beam.pid" ] && break; sleep 0.1; done
  local beam; beam="$(cat "$run/out/beam.pid")"
  LC_ALL=C pidstat -r -p "$beam" 5 "$((seconds / 5 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local log="$run/out/grainline.log"
  {
    echo "# on-call notes $(head -c 10 "$log") (UTC) - grainline-core-2"
    echo "$(grep -m12 '^20' "$run/out/procs.log" | tail -1 | cut -c12-16) beam RSS climbing since start; silo_catalog is the biggest process by far (~30 MB), assay workers come and go at 3-6 MB each"
    echo "$(tail -1 "$log" | cut -c12-16) stopped the node for the review; procs.log (probe) and pidstat kept"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/grainline#g; s#$run#/srv/grainline#g; s#grainline$$@$(hostname -s)#grainline@grainline-core-2#g" "$log" "$run/out/procs.log"
  clean "$dest"
  for f in grainline.log procs.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h11-python-tidecast-restart-control: pycontrol/tidecast.py (stdlib ThreadingHTTPServer, run through a link named
# tidecast to the python3 binary so its comm is tidecast) loaded by pycontrol/loadgen.py (~30 requests/s) for
# PY_SECONDS; RESTART_AT s in, the operator restarts it (SIGTERM, 1.5 s later a new process); EXPORT_AT s in one
# GET /v1/export/harmonics.nc. `pidstat -h -r -C tidecast 2` samples it; the app writes access.log (Apache
# combined + %D) and tidecast.log.
record_python() {
  local seconds="${PY_SECONDS:-104}" restart_at="${PY_RESTART_AT:-46}" export_at="${PY_EXPORT_AT:-78}"
  local dest="$out_root/h11-python-tidecast-restart-control" run port py
  run="$(mktemp -d)"
  py="$(python3 -c 'import sys, os; print(os.path.realpath(sys.executable))')"
  ln -s "$py" "$run/tidecast"
  port=$(( 20000 + RANDOM % 20000 ))
  LC_ALL=C pidstat -h -r -C tidecast 2 "$(( seconds / 2 + 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  "$run/tidecast" "$here/pycontrol/tidecast.py" "$port" "$run/access.log" "$run/tidecast.log" &
  local app=$!
  sleep 1
  python3 "$here/pycontrol/loadgen.py" "$port" "$seconds" "$export_at" &
  local load=$!
  sleep "$restart_at"
  echo "$(date -u +%H:%M:%S) restarted tidecast (systemctl restart tidecast) to pick up the new tide-gauge credentials, RSS was ~45 MB and rising since boot" > "$run/notes.tmp"
  kill -TERM "$app"; wait "$app" || true
  sleep 1.5
  "$run/tidecast" "$here/pycontrol/tidecast.py" "$port" "$run/access.log" "$run/tidecast.log" &
  app=$!
  wait "$load" || true
  sleep 1
  kill -TERM "$app"; wait "$app" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  {
    echo "# on-call notes $(date -u +%F) UTC - tidecast on tides-api-1"
    cat "$run/notes.tmp"
    echo "$(grep -m1 'harmonics.nc' "$run/access.log" | sed -E 's/.*:([0-9]{2}:[0-9]{2}):[0-9]{2} .*/\1/') memory alert on tides-api-1 (RSS > 200 MB), harmonics export running; RSS looks like it keeps creeping after the restart too"
    echo "$(date -u +%H:%M) saved access log, pidstat and the service log for the review"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  for f in access.log tidecast.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h11-jemalloc-dockyard-xref-deploy) record_jemalloc ;;
    h11-beam-grainline-refc-binaries) record_beam ;;
    h11-platform-crewroster-worker-job) record_platform ;;
    h11-python-tidecast-restart-control) record_python ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
