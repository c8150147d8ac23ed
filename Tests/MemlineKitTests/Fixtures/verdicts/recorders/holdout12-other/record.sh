#!/usr/bin/env bash
# Records the holdout12-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h12-beam-kilnwatch-zone-slices              beam/       90 s
#     h12-jemalloc-parcelgate-sticky-worker       jemalloc/   ~90 s
#     h12-python-ledgerly-receipts-deploy-note    pyleak/     ~100 s
#     h12-platform-harborbook-quota-restart-control platform/ ~140 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h12-beam-kilnwatch-zone-slices h12-jemalloc-parcelgate-sticky-worker h12-python-ledgerly-receipts-deploy-note h12-platform-harborbook-quota-restart-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h12-beam-kilnwatch-zone-slices: the kilnwatch OTP node (beam/), -sname kilnwatch. The kernel logger's default
# handler writes kilnwatch.log (default formatter, multi-line); kw_sampler writes procs.log every 3 s (a
# "%% sample <time>" line, the ~p of process_info with `binary` and total_heap_size for the 8 largest processes by
# memory plus the 4 holding the most binary bytes, then erlang:memory()); `pidstat -h -r -p <beam.smp> 3` samples
# the VM.
record_beam() {
  local seconds="${BEAM_SECONDS:-90}" dest="$out_root/h12-beam-kilnwatch-zone-slices" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/kilnwatch.app.src" "$run/ebin/kilnwatch.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/kilnwatch.log"}, level => info}}]}]},
 {kilnwatch, [{out_dir, "$run/out"}, {run_seconds, $seconds}]}].
CFG
  (cd "$run" && exec erl -noshell -sname "kilnwatch$$" -pa ebin -config sys -eval 'kilnwatch_node:run()' > /dev/null) &
  local node=$!
  local i; for i in $(seq 80); do [ -s "$run/out/beam.pid" ] && break; sleep 0.1; done
  local beam; beam="$(cat "$run/out/beam.pid")"
  LC_ALL=C pidstat -h -r -p "$beam" 3 "$((seconds / 3 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local log="$run/out/kilnwatch.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - kilnwatch on kiln-ops-3"
    echo "$(grep -m8 '^%% sample' "$run/out/procs.log" | tail -1 | cut -c22-26) beam.smp RSS going up and down by 20-30 MB every few seconds, image_archiver holds 20-40 MB of binaries between uploads"
    echo "$(grep -m20 '^%% sample' "$run/out/procs.log" | tail -1 | cut -c22-26) firing_schedule is the biggest process heap, zone_tracker looks small"
    echo "$(date -u +%H:%M) stopped the node for the review; procs.log (sampler), pidstat and the node log kept"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/kilnwatch#g; s#$run#/srv/kilnwatch#g; s#kilnwatch$$@$(hostname -s)#kilnwatch@kiln-ops-3#g" "$log" "$run/out/procs.log"
  clean "$dest"
  for f in kilnwatch.log procs.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h12-jemalloc-parcelgate-sticky-worker: jemalloc/parcelgate.c built with gcc -O2 -g against jemalloc 5.3, run with
# MALLOC_CONF=prof:true,prof_prefix:<dir>/parcelgate,lg_prof_interval:22,lg_prof_sample:16 (interval dumps every
# 4 MiB allocated per process, a final m-dump per worker at SIGTERM). The master forks 3 workers; customs
# declarations go only to worker.2 (carrier shard). `pidstat -r -C parcelgate 2` samples master and workers;
# parcelgate.log is the service's own log.
record_jemalloc() {
  local seconds="${JE_SECONDS:-88}" dest="$out_root/h12-jemalloc-parcelgate-sticky-worker" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/parcelgate -fdebug-prefix-map="$run"=/usr/src/parcelgate -o bin/parcelgate "$here/jemalloc/parcelgate.c" -ljemalloc)
  local conf="prof:true,prof_prefix:$run/prof/parcelgate,lg_prof_interval:22,lg_prof_sample:16"
  LC_ALL=C pidstat -r -C parcelgate 2 "$(( (seconds + 6) / 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  sleep 1
  (cd "$run" && exec env MALLOC_CONF="$conf" ./bin/parcelgate "$seconds" "$run/parcelgate.log")
  wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do # the profiles name the installed binary
    sed "s#$run/bin/#/opt/parcelgate/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/parcelgate "$dest/bin/"
  local log="$run/parcelgate.log" t0
  t0="$(head -1 "$log" | cut -c12-16)"
  {
    echo "# on-call notes $(date -u +%F) UTC - parcelgate on lockers-api-2"
    echo "$t0 restarted parcelgate with jemalloc heap profiling on (prof_prefix /var/lib/parcelgate/prof/parcelgate, every 4 MiB) after last night's OOM kill"
    echo "$(sed -n '30p' "$log" | cut -c12-16) RSS of the workers jumps by 10-20 MB every few seconds: manifest PDFs? the carriers' manifests are huge"
    echo "$(date -u +%H:%M) stopped it, copied the profiles of all pids, pidstat, the log and the binary"
  } > "$run/oncall-notes.txt"
  for f in parcelgate.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h12-python-ledgerly-receipts-deploy-note: pyleak/ledgerly.py (stdlib ThreadingHTTPServer, run through a link named
# ledgerly to the python3 binary so its comm is ledgerly) loaded by pyleak/loadgen.py (~26 requests/s) for
# PY_SECONDS; DEPLOY_AT s in, CI rolls ledgerly 3.9.0 out to the OCR workers (other hosts; this API process is not
# restarted): the deploy tool's lines go to deploy.log and the on-call notes. `pidstat -h -r -C ledgerly 3` samples
# it; the app writes access.log (nginx-style combined + rt/urt) and ledgerly.log.
record_python() {
  local seconds="${PY_SECONDS:-96}" deploy_at="${PY_DEPLOY_AT:-52}"
  local dest="$out_root/h12-python-ledgerly-receipts-deploy-note" run port py
  run="$(mktemp -d)"
  py="$(python3 -c 'import sys, os; print(os.path.realpath(sys.executable))')"
  ln -s "$py" "$run/ledgerly"
  port=$(( 20000 + RANDOM % 20000 ))
  LC_ALL=C pidstat -h -r -C ledgerly 3 "$(( seconds / 3 + 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  "$run/ledgerly" "$here/pyleak/ledgerly.py" "$port" "$run/access.log" "$run/ledgerly.log" &
  local app=$!
  sleep 1
  python3 "$here/pyleak/loadgen.py" "$port" "$seconds" &
  local load=$!
  sleep "$deploy_at"
  dl() { echo "$(date -u '+%Y-%m-%d %H:%M:%S') [deploy] $*" >> "$run/deploy.log"; }
  dl "ledgerly 3.9.0 (build 2291, 5d2e9f0) rollout started by ci: receipts pipeline v7, OCR tile cache"
  local dep_hm; dep_hm="$(date -u +%H:%M:%S)"
  sleep 4
  dl "ledgerly 3.9.0 (build 2291, 5d2e9f0) rolled out to ocr-worker-1, ocr-worker-2: health checks ok"
  wait "$load" || true
  sleep 1
  kill -TERM "$app"; wait "$app" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  {
    echo "# on-call notes $(date -u +%F) UTC - ledgerly API on ledger-api-1"
    echo "$dep_hm deploy: ledgerly 3.9.0 (5d2e9f0, receipts pipeline v7) rolled out by ci"
    echo "$(date -u -d "@$(( $(date -u +%s) - 20 ))" +%H:%M) ledger-api-1 RSS creeping up, and jumping 10-20 MB whenever receipts are OCR'd; since the 3.9.0 deploy?"
    echo "$(date -u +%H:%M) saved access log, pidstat, the app log and the deploy log for the review"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  for f in access.log ledgerly.log deploy.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h12-platform-harborbook-quota-restart-control: platform/drain.py runs harborbook's dynos as real processes (web.1,
# web.2: platform/web.py, stdlib Python; worker.1: platform/worker.py, RQ-like), lets them serve traffic for 10 s,
# starts the tail and writes what `heroku logs --tail` printed in 150 s. An admin pulls the berth export from web.1
# 24 s after the attach; the R14 it causes is followed 9 s later by `heroku ps:restart web.1`.
record_platform() {
  local seconds="${PF_SECONDS:-150}" warmup="${PF_WARMUP:-10}" dest="$out_root/h12-platform-harborbook-quota-restart-control" run
  run="$(mktemp -d)"
  WARMUP="$warmup" REPORT_AT=24 RESTART_AFTER_R14=9 python3 "$here/platform/drain.py" "$seconds" "$run" "$run/heroku-logs.txt"
  local log="$run/heroku-logs.txt"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (harborbook-prod)"
    echo "~$(hm_of 'Error R14') R14 on web.1 (berth export pulled by the harbour office), restarted web.1 with heroku ps:restart"
    echo "~$(tail -1 "$log" | cut -c12-16) web.1 memory climbing again since the restart, web.2 also higher than at the start of the tail; saved the tail"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-logs.txt"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h12-beam-kilnwatch-zone-slices) record_beam ;;
    h12-jemalloc-parcelgate-sticky-worker) record_jemalloc ;;
    h12-python-ledgerly-receipts-deploy-note) record_python ;;
    h12-platform-harborbook-quota-restart-control) record_platform ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
