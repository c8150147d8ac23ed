#!/usr/bin/env bash
# Records the holdout20-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h20-beam-wickhollow-session-pdict-beside-settlement-replay-release-note   beam/         ~110 s
#     h20-jemalloc-brackenmoor-reset-conn-ctx-beside-compress                    jemalloc/     ~110 s
#     h20-python-sallowby-recycle-seat-hold-beside-export                        pyrecycle/    ~120 s
#     h20-python-thornfield-prometheus-spike-deploy-control                      promcontrol/  ~110 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h20-beam-wickhollow-session-pdict-beside-settlement-replay-release-note
  h20-jemalloc-brackenmoor-reset-conn-ctx-beside-compress h20-python-sallowby-recycle-seat-hold-beside-export
  h20-python-thornfield-prometheus-spike-deploy-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# h20-beam-wickhollow-session-pdict-beside-settlement-replay-release-note: beam/*.erl, one OTP 25 node (-sname
# wickhollow): session_keeper (gen_server) puts a {session, Sid} key in its process dictionary at every gate login
# and never erases it at logout (the leak; its mailbox stays empty); ledger_fanout is sent a 6,400-settlement replay
# BEAM_BURST_AT s in (off-heap mailbox, drains in ~13 s); fare_index holds a flat fare table; gate_feed drives
# logins/logouts. BEAM_RELEASE_AT s in the node logs a hot upgrade to 7.4.0. wh_probe writes procs.jsonl every 4 s
# (8 largest processes + erlang:memory); the kernel logger's default handler writes wickhollow.log (default
# formatter, multi-line); `pidstat -r -p <beam pid> 4` (no -h).
record_beam() {
  local seconds="${BEAM_SECONDS:-110}" release_at="${BEAM_RELEASE_AT:-34}" burst_at="${BEAM_BURST_AT:-41}"
  local dest="$out_root/h20-beam-wickhollow-session-pdict-beside-settlement-replay-release-note" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  local t0; t0="$(hms)"
  (cd "$run" && exec erl -noshell -sname wickhollow -pa ebin -kernel logger_level info \
     -kernel logger "[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/wickhollow.log\"},formatter=>{logger_formatter,#{single_line=>false}}}}]" \
     -eval "wickhollow:start(\"$run/out\", $seconds, $release_at, $burst_at)") &
  local erl=$!
  sleep 1
  local beam; beam="$(pgrep -P "$erl" beam.smp || echo "$erl")"
  LC_ALL=C pidstat -r -p "$beam" 4 "$(( seconds / 4 + 1 ))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$erl" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  local trel; trel="$(grep -m1 -B1 'release wickhollow 7.4.0' "$run/out/wickhollow.log" | head -1 | cut -c12-16)"
  {
    echo "# on-call notes $(date -u +%F) UTC - wickhollow on gates-eu-1"
    echo "${t0%:*} wickhollow 7.3.2 restarted after the evening memory page; wh_probe on (procs.jsonl every 4 s)"
    echo "${trel} release 7.4.0 rolled out as a hot upgrade (settlement batch 500 -> 2000). memory before/after?"
    echo "$(date -u -d '-60 sec' +%H:%M) ledger_fanout mailbox at 5,000+ after the clearing replay, the new batch size? beam RSS jumped with it"
    echo "$(date -u +%H:%M) node stopped for the night; kept procs.jsonl, wickhollow.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/wickhollow#g; s#$run#/srv/wickhollow#g; s#@$host#@gates-eu-1#g" \
      "$run/out/wickhollow.log" "$run/out/procs.jsonl"
  clean "$dest"
  for f in wickhollow.log procs.jsonl pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h20-jemalloc-brackenmoor-reset-conn-ctx-beside-compress: jemalloc/brackenmoor.c (gcc -O2 -g, jemalloc 5.3,
# MALLOC_CONF=background_thread:true,dirty_decay_ms:2000,prof:true,prof_final:true,prof_prefix:<dir>/brackenmoor,
# lg_prof_interval:26,lg_prof_sample:16: a dump every 64 MiB allocated + one at exit), an HTTP keep-alive gateway,
# thread per connection, loaded by jemalloc/loadgen.py: stations reset ~30% of their connections, and from
# JE_BURST_AT s for JE_BURST_LEN s a flapping tower adds ~25 resets/s. A reset connection's conn_ctx is never freed.
# /v1/archive/compress uses a 40-96 MiB buffer for ~1.5 s every 11-16 s. `pidstat -h -r -C brackenmoor 3`.
record_jemalloc() {
  local seconds="${JE_SECONDS:-110}" burst_at="${JE_BURST_AT:-52}" burst_len="${JE_BURST_LEN:-16}"
  local dest="$out_root/h20-jemalloc-brackenmoor-reset-conn-ctx-beside-compress" run port
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  port="$(free_port)"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/brackenmoor -fdebug-prefix-map="$run"=/usr/src/brackenmoor \
     -o bin/brackenmoor "$here/jemalloc/brackenmoor.c" -ljemalloc -lpthread)
  local mconf="background_thread:true,dirty_decay_ms:2000,prof:true,prof_final:true,prof_prefix:$run/prof/brackenmoor,lg_prof_interval:26,lg_prof_sample:16"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/brackenmoor "$port" "$run/access.log" "$run/brackenmoor.log") &
  local pid=$! t0; t0="$(hms)"
  LC_ALL=C pidstat -h -r -C brackenmoor 3 "$(( seconds / 3 + 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  sleep 1
  python3 "$here/jemalloc/loadgen.py" "$port" "$seconds" "$burst_at" "$burst_len" 2> "$run/loadgen.err"
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local tb; tb="$(date -u -d "@$(( $(date -d "$t0" +%s) + burst_at + 1 ))" +%H:%M)"
  local tc; tc="$(grep -m2 'archive/compress' "$run/access.log" | tail -1 | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] .*/\1/')"
  {
    echo "# on-call notes $(date -u +%F) UTC - brackenmoor on wx-gw-2"
    echo "${t0%:*} brackenmoor 2.6.1 restarted with jemalloc profiling (a dump every 64 MiB allocated + at exit), RSS had reached 2.1 GB overnight"
    echo "${tc} the nightly archive compress jobs are running; RSS jumps ~50-100 MB with each. compress buffer too big?"
    echo "${tb} Pen-y-Fan tower flapping again, stations reconnecting like mad"
    echo "$(date -u +%H:%M) stopped it; kept the profiles, access.log, brackenmoor.log, pidstat. binary attached"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/brackenmoor/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/brackenmoor "$dest/bin/"
  for f in access.log brackenmoor.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h20-python-sallowby-recycle-seat-hold-beside-export: pyrecycle/sallowby.py served by real gunicorn 23.0.0
# ($GUNICORN, default `gunicorn` on PATH; pyrecycle/gunicorn.conf.py: 3 sync workers, max_requests 280 + jitter
# 0-60), loaded by pyrecycle/loadgen.py (~16 requests/s) for PY_SECONDS. POST /api/holds keeps every hold's seat-map
# snapshot (the leak, cut by each recycle); GET /api/exports/sales.csv is slow (5-9 s) with a ~10 MB row list.
# gunicorn's own error log (master + workers); the app's logfmt access log (pid first); `pidstat -h -r -C gunicorn 3`.
record_python() {
  local seconds="${PY_SECONDS:-120}" gunicorn="${GUNICORN:-gunicorn}"
  local dest="$out_root/h20-python-sallowby-recycle-seat-hold-beside-export" run port
  run="$(mktemp -d)"
  mkdir -p "$run/logs"
  port="$(free_port)"
  (cd "$here/pyrecycle" && exec env SALLOWBY_BIND="127.0.0.1:$port" SALLOWBY_ERROR_LOG="$run/logs/error.log" \
     SALLOWBY_ACCESS_LOG="$run/logs/access.log" "$gunicorn" -c gunicorn.conf.py sallowby:app) &
  local master=$!
  sleep 2
  LC_ALL=C pidstat -h -r -C gunicorn 3 "$(( seconds / 3 + 3 ))" > "$run/logs/pidstat.txt" &
  local stat=$!
  local t0; t0="$(hms)"
  python3 "$here/pyrecycle/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 2
  kill -TERM "$master"; wait "$master" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local alog="$run/logs/access.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - sallowby on boxoffice-web-3"
    echo "${t0%:*} sallowby 5.2.0 restarted (gunicorn -w 3, max_requests 280 + jitter 60) after the 1.4 GB alert"
    echo "$(grep -m2 'sales.csv' "$alog" | tail -1 | sed 's/.*ts=[0-9-]*T\([0-9:]\{5\}\).*/\1/') sales export takes 5-9 s and holds a worker the whole time. is the export what pushes memory up?"
    echo "$(tail -1 "$alog" | sed 's/.*ts=[0-9-]*T\([0-9:]\{5\}\).*/\1/') recycling keeps the workers from running away but each one climbs until it is replaced. kept pidstat, access.log, error.log"
  } > "$run/logs/oncall-notes.txt"
  clean "$dest"
  for f in access.log error.log pidstat.txt oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h20-python-thornfield-prometheus-spike-deploy-control: promcontrol/thornfield.py (python3 3.11, prometheus_client
# 0.21.1: $PYTHON, default python3, must import it), healthy, scraped every 5 s by promcontrol/scraper.py into
# scrapes/metrics-<UTC>.prom, loaded by promcontrol/loadgen.py. CTL_DEPLOY_AT s in, thornfield 1.9.0 is deployed
# (Capistrano revisions.log; the 1.8.3 process stopped, the new one started on the same port); from CTL_SPIKE_AT for
# CTL_SPIKE_LEN s a flood warning hammers /api/forecast/bulk (34-48 MiB per request, freed on return).
record_control() {
  local seconds="${CTL_SECONDS:-110}" deploy_at="${CTL_DEPLOY_AT:-38}" spike_at="${CTL_SPIKE_AT:-52}" spike_len="${CTL_SPIKE_LEN:-18}"
  local py="${PYTHON:-python3}"
  local dest="$out_root/h20-python-thornfield-prometheus-spike-deploy-control" run port
  run="$(mktemp -d)"
  mkdir -p "$run/scrapes"
  port="$(free_port)"
  "$py" "$here/promcontrol/thornfield.py" 1.8.3 "$port" "$run/access.log" &
  local pid=$! t0; t0="$(hms)"
  sleep 1.5
  "$py" "$here/promcontrol/scraper.py" "$port" "$run/scrapes" "$seconds" 5 2> "$run/scraper.err" &
  local scr=$!
  python3 "$here/promcontrol/loadgen.py" "$port" "$(( seconds - 3 ))" "$spike_at" "$spike_len" 2> "$run/loadgen.err" &
  local load=$!
  sleep "$deploy_at"
  local td; td="$(hms)"
  echo "Branch main (at 9d27c4e) deployed as release $(date -u +%Y%m%d%H%M%S) by flooddesk-ci" >> "$run/revisions.log"
  kill -TERM "$pid"; wait "$pid" || true
  "$py" "$here/promcontrol/thornfield.py" 1.9.0 "$port" "$run/access.log" &
  pid=$!
  wait "$load" || true
  wait "$scr" || true
  kill -TERM "$pid"; wait "$pid" || true
  local ts; ts="$(date -u -d "@$(( $(date -d "$t0" +%s) + spike_at + 2 ))" +%H:%M)"
  {
    echo "# on-call notes $(date -u +%F) UTC - thornfield (flood forecast API) on forecast-2"
    echo "${td} deploy: thornfield 1.9.0 (9d27c4e, ensemble members 31 -> 51) by flooddesk-ci"
    echo "${ts} Met Office amber warning for the Severn, flood desk pulling bulk forecasts nonstop; grafana shows RSS way up"
    echo "$(date -u +%H:%M) memory since the 1.9.0 deploy? 51 members = bigger grids. pulled the raw scrapes from prometheus and the access log for review"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/scrapes"
  cp -p "$run"/scrapes/*.prom "$dest/scrapes/"
  local f
  for f in access.log revisions.log oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  cat "$run/scraper.err" "$run/loadgen.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h20-beam-wickhollow-session-pdict-beside-settlement-replay-release-note) record_beam ;;
    h20-jemalloc-brackenmoor-reset-conn-ctx-beside-compress) record_jemalloc ;;
    h20-python-sallowby-recycle-seat-hold-beside-export) record_python ;;
    h20-python-thornfield-prometheus-spike-deploy-control) record_control ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
