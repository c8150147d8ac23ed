#!/usr/bin/env bash
# Records the holdout17-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h17-beam-voltmere-quote-memo-ets-beside-outbox-config      beam/       ~100 s
#     h17-jemalloc-ironwick-flush-timer-beside-thumbnails        jemalloc/   ~95 s
#     h17-python-larchway-audit-middleware-beside-report         pyprefork/  ~100 s
#     h17-platform-saltmarsh-worker-r14-restart-release-control  platform/   ~130 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h17-beam-voltmere-quote-memo-ets-beside-outbox-config
  h17-jemalloc-ironwick-flush-timer-beside-thumbnails h17-python-larchway-audit-middleware-beside-report
  h17-platform-saltmarsh-worker-r14-restart-release-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }

# h17-beam-voltmere-quote-memo-ets-beside-outbox-config: beam/*.erl, one OTP 25 node (-sname voltmere), plain
# registered processes: charge_session_hub (~260 session ticks/s to quote_ledger, 60 meter values/s to ocpp_outbox
# after a 2600-value replay), quote_ledger (owns the public ETS table quote_memo, inserts a row per tick that is never
# hit again: the leak, in ETS, not in its heap), ocpp_outbox (drains 60/s: a long, steady mailbox), station_registry.
# BEAM_CONFIG_AT s in the node applies a config change (logged). vm_probe writes procs.log and ets.log every 4 s; the
# kernel logger's default handler writes voltmere.log (default formatter); `pidstat -r -p <beam pid> 5` (no -h).
record_beam() {
  local seconds="${BEAM_SECONDS:-100}" config_at="${BEAM_CONFIG_AT:-42}"
  local dest="$out_root/h17-beam-voltmere-quote-memo-ets-beside-outbox-config" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  local t0; t0="$(hms)"
  (cd "$run" && exec erl -noshell -sname voltmere -pa ebin -kernel logger_level info \
     -kernel logger "[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/voltmere.log\"}}}]" \
     -eval "voltmere:start(\"$run/out\", $seconds, $config_at)") &
  local erl=$!
  sleep 1
  local beam; beam="$(pgrep -P "$erl" beam.smp || echo "$erl")"
  LC_ALL=C pidstat -r -p "$beam" 5 "$(( seconds / 5 + 1 ))" > "$run/out/pidstat.txt" &
  local stat=$!
  sleep "$config_at"
  local tc; tc="$(hms)"
  wait "$erl" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  {
    echo "# on-call notes $(date -u +%F) UTC - voltmere on cpo-node-3"
    echo "${t0%:*} voltmere 2.7.0 restarted after last night's OOM, vm_probe on (procs.log + ets.log every 4 s)"
    echo "${tc%:*} config change: meter_flush_ms 1000 -> 250, tariff_refresh_s 300 -> 120 (OPS-2291), set_env on the live node"
    echo "$(date -u -d '-20 sec' +%H:%M) ocpp_outbox sits at ~2600 queued meter values the whole time, the CPO quota again. is that the memory?"
    echo "$(date -u +%H:%M) beam total keeps climbing since about the config change? stopped it; kept procs.log, ets.log, voltmere.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/voltmere#g; s#$run#/srv/voltmere#g; s#@$host#@cpo-node-3#g" \
      "$run/out/voltmere.log" "$run/out/procs.log" "$run/out/ets.log"
  clean "$dest"
  for f in voltmere.log procs.log ets.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h17-jemalloc-ironwick-flush-timer-beside-thumbnails: jemalloc/ironwick.c (gcc -O2 -g, jemalloc 5.3,
# MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/ironwick,lg_prof_interval:27,lg_prof_sample:16), loaded by
# jemalloc/loadgen.py (~22 requests/s) for JE_SECONDS. The leak is in the background usage_flusher thread (every
# 500 ms); a thumbnail request renders a 6-14 MiB raster and frees it. `pidstat -r -p <pid> 3` (no -h).
record_jemalloc() {
  local seconds="${JE_SECONDS:-92}" dest="$out_root/h17-jemalloc-ironwick-flush-timer-beside-thumbnails" run port
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/log"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/ironwick -fdebug-prefix-map="$run"=/usr/src/ironwick -o bin/ironwick "$here/jemalloc/ironwick.c" -ljemalloc -lpthread)
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/ironwick,lg_prof_interval:27,lg_prof_sample:16"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/ironwick "$port" "$run/log/access.log" "$run/log/ironwick.log") &
  local pid=$! t0; t0="$(hms)"
  LC_ALL=C pidstat -r -p "$pid" 3 "$(( seconds / 3 + 2 ))" > "$run/log/pidstat.txt" &
  local stat=$!
  sleep 2
  python3 "$here/jemalloc/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 2
  kill -TERM "$pid"; python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()' "$port" || true
  wait "$pid" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/ironwick/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/ironwick "$dest/bin/"
  {
    echo "# on-call notes $(date -u +%F) UTC - ironwick on preview-2"
    echo "${t0} ironwick 5.4.1 restarted with jemalloc profiling (dump every 128 MiB allocated + at exit)"
    echo "$(grep -m1 '/thumbnail' "$run/log/access.log" | sed 's/.*:\([0-9][0-9]:[0-9][0-9]:[0-9][0-9]\) .*/\1/') RSS jumps by 10+ MB whenever thumbnails come in. render_thumbnail is by far the top allocator in the profiles. cap thumbnail size?"
    echo "$(date -u +%H:%M) still climbing between thumbnail bursts too. stopped it; kept profiles, access.log, ironwick.log, pidstat"
  } > "$run/log/oncall-notes.txt"
  for f in access.log ironwick.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h17-python-larchway-audit-middleware-beside-report: pyprefork/larchway.py (a gunicorn-style master + 3 gthread-like
# workers with 4 threads each, all named larchway), loaded by pyprefork/loadgen.py (~20 requests/s) for PY_SECONDS.
# Workers write a logfmt access log led by level and pid; master and workers gunicorn's error-log lines;
# `pidstat -h -r -C larchway 4` samples the four processes.
record_python() {
  local seconds="${PY_SECONDS:-100}" dest="$out_root/h17-python-larchway-audit-middleware-beside-report" run port
  run="$(mktemp -d)"
  mkdir -p "$run/logs"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  python3 "$here/pyprefork/larchway.py" "$port" "$run/logs" &
  local master=$!
  sleep 1.5
  LC_ALL=C pidstat -h -r -C larchway 4 "$(( seconds / 4 + 2 ))" > "$run/logs/pidstat.txt" &
  local stat=$!
  local t0; t0="$(hms)"
  sleep 1
  python3 "$here/pyprefork/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 2
  kill -TERM "$master"; wait "$master" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local alog="$run/logs/access.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - larchway on yard-api-2"
    echo "${t0%:*} larchway restarted (gunicorn -w 3 -k gthread --threads 4), all three workers climbing again"
    echo "$(grep -m2 'stock-ageing' "$alog" | tail -1 | sed 's/.* ts=[0-9-]*T\([0-9:]\{5\}\).*/\1/') the stock-ageing report takes 3-5 s and builds the whole yard table in memory. is the report what grows the workers? move it to a job?"
    echo "$(date -u +%H:%M) stopped it; saved pidstat, access.log and error.log"
  } > "$run/logs/oncall-notes.txt"
  sed -i "s#$run/logs#/var/log/larchway#g" "$run/logs/error.log"
  clean "$dest"
  for f in access.log error.log pidstat.txt oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h17-platform-saltmarsh-worker-r14-restart-release-control: platform/drain.py (a Heroku-style platform: router,
# runtime metrics every ~20 s per dyno from /proc, R14/R15, the `heroku logs --tail` session; the dynos are real
# stdlib Python processes: web.1, web.2 = web.py, worker.1 = worker.py). Release v1207 at 16 s, the nightly tide-table
# job on worker.1 at 30 s (~1.15 GB: R14, then R15 and the platform's kill and restart), flat afterwards.
record_platform() {
  local seconds="${PF_SECONDS:-135}" warmup="${PF_WARMUP:-6}"
  local dest="$out_root/h17-platform-saltmarsh-worker-r14-restart-release-control" run
  run="$(mktemp -d)"
  WARMUP="$warmup" RELEASE_AT=16 BATCH_AT=30 python3 "$here/platform/drain.py" "$seconds" "$run" "$run/heroku-logs.txt"
  local log="$run/heroku-logs.txt"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (saltmarsh-prod)"
    echo "~$(hm_of 'Release v1207') v1207 out (9e03b7f + TIDE_MODEL_REVISION), all dynos restarted"
    echo "~$(hm_of 'Error R14') R14 on worker.1 a minute after v1207. did the new tide model blow up memory?"
    echo "~$(hm_of 'Error R15') R15, platform killed worker.1 and restarted it"
    echo "~$(tail -1 "$log" | cut -c12-16) worker.1 back at baseline, web dynos never moved. tide tables will run again tonight. saved the tail"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-logs.txt"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}


for inc in "${incidents[@]}"; do
  case "$inc" in
    h17-beam-voltmere-quote-memo-ets-beside-outbox-config) record_beam ;;
    h17-jemalloc-ironwick-flush-timer-beside-thumbnails) record_jemalloc ;;
    h17-python-larchway-audit-middleware-beside-report) record_python ;;
    h17-platform-saltmarsh-worker-r14-restart-release-control) record_platform ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
