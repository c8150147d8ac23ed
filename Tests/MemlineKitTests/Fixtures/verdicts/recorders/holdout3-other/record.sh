#!/usr/bin/env bash
# Records the holdout3-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling; jeprof), ruby 3.1, python3, nginx, sysstat.
#   ./record.sh [INCIDENT…]   default: all four
#     h3-beam-worker-restart        beam/      100 s
#     h3-jemalloc-pid-seq           jemalloc/  120 s
#     h3-platform-deploy            platform/  150 s
#     h3-python-plateau-control     pyhealthy/ 120 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped). expected.json and README.md there are written by hand from the run's numbers and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h3-beam-worker-restart h3-jemalloc-pid-seq h3-platform-deploy h3-python-plateau-control)

ship() { # ship SRC DEST: copy, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then
    gzip -9 -n -c "$src" > "$dest.gz"
  else
    cp "$src" "$dest"
  fi
}
hm() { grep -m1 "$2" "$1" | cut -c12-16; } # hm FILE PATTERN: HH:MM of the first line matching

# h3-beam-worker-restart: the routing OTP node (beam/), kernel logger's default handler to app.log (single-line
# formatter with a `[level] <pid>` template), proc_exporter's JSON lines every 2 s, `pidstat -h -r` of beam.smp.
record_beam() {
  local seconds=100 dest="$out_root/h3-beam-worker-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/routing.app.src" "$run/ebin/routing.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/app.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => true,
                            template => [time, " [", level, "] ", {pid, [pid, " "], []}, msg, "\n"]}}}}]}]},
 {routing, [{out_dir, "$run/out"}, {run_seconds, $seconds}]}].
CFG
  # erl execs erlexec, which execs beam.smp: $! is the beam.smp pid
  (cd "$run" && exec erl -noshell -pa ebin -config sys -eval 'routing_node:run()' > /dev/null) &
  local node=$!
  sleep 0.3
  LC_ALL=C pidstat -h -r -p "$node" 1 "$((seconds + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node"
  wait "$stat" || true
  local log="$run/out/app.log"
  {
    echo "# on-call notes $(head -c 10 "$log") UTC"
    echo "~$(hm "$log" 'page 2:') quoting p95 alarm on routing-2, beam RSS up"
    echo "~$(hm "$log" 'quote_memo terminating') quote_memo crashed (badarith on an ACME-FREIGHT csv row), routing_sup restarted it; memory dipped, now climbing again"
    echo "~$(hm "$log" 'page 5:') geo_index is the largest process (~60 MB), audit_shipper queue spikes every poll, pulled proc_top + pidstat"
    echo "~$(hm "$log" 'stopping after') node stopped for the review"
  } > "$run/out/oncall-notes.md"
  rm -rf "$dest"/app.log* "$dest"/proc_top.jsonl* "$dest"/pidstat.txt* "$dest"/beam.pid "$dest"/oncall-notes.md
  mkdir -p "$dest"
  for f in app.log proc_top.jsonl pidstat.txt; do ship "$run/out/$f" "$dest/$f"; done
  cp "$run/out/beam.pid" "$run/out/oncall-notes.md" "$dest/"
  rm -rf "$run"
}

# h3-jemalloc-pid-seq: jemalloc/ledgerd.c built with gcc -O2 -g against jemalloc, run with MALLOC_CONF heap
# profiling (default lg_prof_sample, a dump every 32 MiB allocated) and `pidstat -r` every 2 s; the built binary
# is shipped in the incident folder under bin/ (the dumps name its deploy path /usr/local/sbin/ledgerd).
record_jemalloc() {
  local seconds=120 dest="$out_root/h3-jemalloc-pid-seq" run
  run="$(mktemp -d)"
  cp "$here/jemalloc/ledgerd.c" "$run/"
  (cd "$run" && gcc -g -O2 -fno-omit-frame-pointer -fno-optimize-sibling-calls -pthread \
    -fdebug-prefix-map="$run"=/usr/src/ledgerd -o ledgerd ledgerd.c -ljemalloc)
  (cd "$run" && exec env MALLOC_CONF=prof:true,prof_prefix:jeprof,lg_prof_interval:25 \
    ./ledgerd "$seconds" 2> ledgerd.log) &
  local srv=$!
  sleep 0.2
  TZ=UTC LC_ALL=C pidstat -r -p "$srv" 2 "$((seconds / 2 + 1))" > "$run/pidstat.txt" &
  local stat=$!
  wait "$srv" || true
  wait "$stat" || true
  # What jeprof says (for the README): the last interval dump, and the growth first -> last.
  local first last
  first="$(cd "$run" && ls jeprof.*.heap | sort -t. -k3,3n | head -1)"
  last="$(cd "$run" && ls jeprof.*.heap | sort -t. -k3,3n | tail -1)"
  (cd "$run" && jeprof --text ./ledgerd "$last" > "$here/jemalloc/jeprof_text_last.txt" 2>&1 || true)
  (cd "$run" && jeprof --text --base="$first" ./ledgerd "$last" > "$here/jemalloc/jeprof_text_base_first_vs_last.txt" 2>&1 || true)
  # It ran from the scratch directory; in production it runs as /usr/local/sbin/ledgerd. Each dump keeps the
  # mtime jemalloc gave it (the copy below keeps it too; a git checkout does not).
  local f mt
  for f in "$run"/jeprof.*.heap; do
    mt="$(stat -c %.9Y "$f")"
    sed -i "s#$run/ledgerd#/usr/local/sbin/ledgerd#g" "$f"
    touch -d "@$mt" "$f"
  done
  rm -rf "$dest"/jeprof.*.heap "$dest"/pidstat.txt "$dest"/bin "$dest"/ledgerd.log
  mkdir -p "$dest/bin"
  cp -p "$run"/jeprof.*.heap "$dest/"
  cp "$run/pidstat.txt" "$run/ledgerd.log" "$dest/"
  cp "$run/ledgerd" "$dest/bin/ledgerd"
  rm -rf "$run"
}

# h3-platform-deploy: platform/platform.rb runs web.rb x2, worker.rb and router.rb as real processes for 150 s,
# stamps what they print as logplex does, samples each dyno's /proc every 20 s (log-runtime-metrics, 512 MB
# quota, R14) and plays release v57 at 50 s (all dynos restart on it).
record_platform() {
  local seconds=150 dest="$out_root/h3-platform-deploy" run
  run="$(mktemp -d)"
  ruby "$here/platform/platform.rb" "$seconds" "$run" "$run/heroku.log"
  local log="$run/heroku.log"
  {
    echo "# on-call notes $(head -c 10 "$log") UTC"
    echo "$(hm "$log" 'Release v57') maria shipped v57 (7d3e9f2: tracekit 2.4.0 upgrade, collector config rename)"
    echo "$(hm "$log" 'Error R14') R14 page for tidepool-api (worker.1), the ledger backfill is running"
    echo "$(tail -1 "$log" | cut -c12-16) web dynos memory_total still climbing; saved the drain for the review"
  } > "$run/oncall-notes.md"
  rm -rf "$dest"/heroku.log* "$dest"/oncall-notes.md
  mkdir -p "$dest"
  ship "$log" "$dest/heroku.log"
  cp "$run/oncall-notes.md" "$dest/"
  rm -rf "$run"
}

# h3-python-plateau-control: pyhealthy/menuapi.py (a gunicorn-style pre-fork master with 3 sync workers,
# max_requests 700 + jitter 200, stdlib only, MALLOC_MMAP_THRESHOLD_=131072 as the service's unit file sets it)
# behind Debian's nginx on loopback (combined log + rt= urt=),
# pyhealthy/load.py for 120 s, and the on-call engineer's sampling loop `while sleep 3; do date -Is; ps u ...; done`
# over the app master, its workers, and nginx's master and workers.
record_python() {
  local seconds=120 dest="$out_root/h3-python-plateau-control" run PY=/usr/bin/python3
  run="$(mktemp -d)"
  mkdir -p "$run/tmp"
  local app_port port
  app_port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  sed -e "s#@RUN@#$run#g" -e "s#@APPPORT@#$app_port#g" -e "s#@PORT@#$port#g" "$here/pyhealthy/nginx.conf.in" > "$run/nginx.conf"
  (cd "$here/pyhealthy" && MALLOC_MMAP_THRESHOLD_=131072 exec "$PY" menuapi.py "$app_port" 3 700 200 2> "$run/gunicorn.log") &
  local master=$!
  echo "$master" > "$run/menuapi.pid"
  nginx -c "$run/nginx.conf" -p "$run"
  sleep 1.5
  local ngx
  ngx="$(cat "$run/nginx.pid")"
  (while sleep 3; do TZ=UTC date -Is; ps u -p "$master,$ngx" --ppid "$master,$ngx"; done) > "$run/ps.log" &
  local sampler=$!
  "$PY" "$here/pyhealthy/load.py" "$port" "$seconds"
  sleep 3.2
  kill "$sampler"
  wait "$sampler" 2>/dev/null || true
  kill -TERM "$master"
  kill -QUIT "$ngx"
  wait "$master" 2>/dev/null || true
  sleep 1
  local log="$run/gunicorn.log"
  {
    echo "# on-call notes $(TZ=UTC date -u +%Y-%m-%d) UTC"
    echo "$(sed -n 's/^\[[0-9-]* \([0-9][0-9]:[0-9][0-9]\).*Booting worker.*/\1/p' "$log" | head -1) menuapi-3: memory alert (workers' RSS up ~2x since the deploy this morning), started a ps loop"
    echo "$(grep 'reports/daily.csv' "$run/access.log" | sed -n '30p' | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] +0000.*/\1/') finance's daily.csv export running again, ~0.5 s each, RSS jumps on every one"
    echo "$(sed -n 's/^\[[0-9-]* \([0-9][0-9]:[0-9][0-9]\).*Worker exiting.*/\1/p' "$log" | head -1) a worker recycled (max_requests), new pid"
    echo "$(tail -1 "$run/access.log" | sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] +0000.*/\1/') stopped the loop, handing ps.log + logs to the review"
  } > "$run/oncall-notes.md"
  # nginx ran with -p <scratch dir>; on the real box that is /srv/menuapi (the master's command line says so).
  sed -i "s#$run#/srv/menuapi#g" "$run/ps.log"
  rm -rf "$dest"/access.log* "$dest"/ps.log* "$dest"/gunicorn.log* "$dest"/menuapi.pid "$dest"/oncall-notes.md
  mkdir -p "$dest"
  ship "$run/access.log" "$dest/access.log"
  ship "$run/ps.log" "$dest/ps.log"
  ship "$log" "$dest/gunicorn.log"
  cp "$run/menuapi.pid" "$run/oncall-notes.md" "$dest/"
  rm -rf "$run"
}

for name in "${incidents[@]}"; do
  case "$name" in
    h3-beam-worker-restart) record_beam ;;
    h3-jemalloc-pid-seq) record_jemalloc ;;
    h3-platform-deploy) record_platform ;;
    h3-python-plateau-control) record_python ;;
    *) echo "unknown incident $name" >&2; exit 64 ;;
  esac
done
