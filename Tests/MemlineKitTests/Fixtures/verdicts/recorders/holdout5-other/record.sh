#!/usr/bin/env bash
# Records the holdout5-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling; jeprof), python3 (3.11), nginx (1.22), sysstat.
#   ./record.sh [INCIDENT…]   default: all three
#     h5-beam-heap-cap          beam/      120 s
#     h5-jemalloc-drain-list    jemalloc/  100 s
#     h5-python-sticky-worker   pyfleet/   110 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h5-beam-heap-cap h5-jemalloc-drain-list h5-python-sticky-worker)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h5-jemalloc-drain-list: jemalloc/tollgate.c built with gcc -O2 -g against jemalloc, run with heap profiling
# (lg_prof_sample:16, no interval dumps: its own profiler thread calls mallctl("prof.dump") every 2.5 s, so the
# dumps carry jemalloc's m-sequence names) and `pidstat -r -u` every 2 s. The folder is what the on-call engineer
# pushed to the incident repository weeks later: every file's mtime is the checkout time (the recorder sets them
# all to one moment 19 days after the run), the binary is under bin/ (the dumps name its deploy path
# /opt/tollgate/sbin/tollgate).
record_jemalloc() {
  local seconds=100 dest="$out_root/h5-jemalloc-drain-list" run
  run="$(mktemp -d)"
  cp "$here/jemalloc/tollgate.c" "$run/"
  (cd "$run" && gcc -g -O2 -pthread -fdebug-prefix-map="$run"=/usr/src/tollgate-1.9.3 -o tollgate tollgate.c -ljemalloc)
  (cd "$run" && exec env MALLOC_CONF=prof:true,prof_prefix:tollgate,lg_prof_sample:16 \
    ./tollgate "$seconds" 2> tollgate.log) &
  local srv=$!
  sleep 0.3
  LC_ALL=C pidstat -r -u -p "$srv" 2 "$((seconds / 2 + 1))" > "$run/pidstat.txt" &
  local stat=$!
  wait "$srv" || true
  wait "$stat" || true
  # What jeprof says (for the README; kept next to this script): the last dump, and the growth first -> last.
  local first last
  first="$(cd "$run" && ls tollgate.*.heap | sort -t. -k3,3n | head -1)"
  last="$(cd "$run" && ls tollgate.*.heap | sort -t. -k3,3n | tail -1)"
  (cd "$run" && jeprof --text ./tollgate "$last" > "$here/jemalloc/jeprof_text_last.txt" 2>&1 || true)
  (cd "$run" && jeprof --text --base="$first" ./tollgate "$last" > "$here/jemalloc/jeprof_text_base_first_vs_last.txt" 2>&1 || true)
  local f
  for f in $(cd "$run" && ls tollgate.*.heap | sort -t. -k3,3n); do
    printf '%s\t%s\n' "$f" "$(date -u -d "@$(stat -c %.3Y "$run/$f")" +%Y-%m-%dT%H:%M:%S.%3NZ)"
  done > "$here/jemalloc/dump_mtimes.tsv"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/heap"
  for f in "$run"/tollgate.*.heap; do
    sed "s#$run/tollgate#/opt/tollgate/sbin/tollgate#g" "$f" > "$dest/heap/$(basename "$f")"
  done
  cp "$run/tollgate" "$dest/bin/tollgate"
  cp "$run/pidstat.txt" "$run/tollgate.log" "$dest/"
  local day
  day="$(date -u -r "$run/tollgate.log" +%F)"
  {
    echo "# on-call notes $day UTC"
    echo "$(sed -n 1p "$run/tollgate.log" | cut -c12-16) gw-eu-2 tollgate restarted with jemalloc profiling (RSS alert, +40% since the 1.9.3 rollout)"
    echo "$(grep -m1 'stats rollup 3 built' "$run/tollgate.log" | cut -c12-16) RSS jumps by 50-80 MB every few seconds while the stats rollup is built; route cache was enlarged in 1.9.3 too"
    echo "$(tail -1 "$run/tollgate.log" | cut -c12-16) stopped it, dumps + binary + pidstat go to the incident repo"
  } > "$dest/oncall-notes.txt"
  # the checkout: every file gets the same mtime, weeks after the run
  local checkout
  checkout="$(date -u -d "$day + 19 days" +%F) 09:41:07"
  find "$dest" -type f ! -name expected.json ! -name README.md -exec touch -d "$checkout UTC" {} +
  rm -rf "$run"
}

# h5-beam-heap-cap: the meterhub OTP node (beam/), kernel logger's default handler to meterhub.log with the
# default formatter in multi-line form, vm_telemetry's telemetry_poller-style JSON lines every 2 s
# (telemetry.jsonl), `pidstat -h -r` of beam.smp every 2 s (ISO times).
record_beam() {
  local seconds=120 dest="$out_root/h5-beam-heap-cap" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/meterhub.app.src" "$run/ebin/meterhub.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/meterhub.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => false}}}}]}]},
 {meterhub, [{out_dir, "$run/out"}, {run_seconds, $seconds}, {config_change_at, 38}]}].
CFG
  # erl execs erlexec, which execs beam.smp: $! is the beam.smp pid
  (cd "$run" && exec erl -noshell -pa ebin -config sys -eval 'meterhub_node:run()' > /dev/null) &
  local node=$!
  sleep 0.3
  LC_ALL=C S_TIME_FORMAT=ISO pidstat -h -r -p "$node" 2 "$((seconds / 2 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  wait "$stat" || true
  local log="$run/out/meterhub.log"
  local change kill
  change="$(grep -m1 -B1 'config change applied' "$log" | head -1 | cut -c12-16)"
  kill="$(grep -m1 -B2 'Context: *maximum heap size' "$log" | head -1 | cut -c12-16)"
  {
    echo "# on-call notes $(head -c 10 "$log") UTC"
    echo "~$change raised export_uploader.chunk_rows to 300k (OPS-2291), exports now ~14 MB csv each"
    echo "~$kill usage_rollup killed by the VM (max_heap_size), meterhub_sup restarted it; beam RSS jumps every ~12 s with the exports"
    echo "~$(grep -B1 'meterhub stopping' "$log" | head -1 | cut -c12-16) node stopped; telemetry + pidstat + log pulled. export_uploader looks like the memory hog (the biggest process during every export)"
  } > "$run/out/oncall-notes.txt"
  # the node ran from a scratch directory; on the real host its log directory is /srv/meterhub/log
  sed -i "s#$run/out#/srv/meterhub/log#g" "$log"
  clean "$dest"
  for f in meterhub.log telemetry.jsonl pidstat.txt beam.pid oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h5-python-sticky-worker: pyfleet/fleetd (a pre-fork master with 4 workers, one loopback port each, stdlib
# Python 3.11 from Debian) behind Debian's nginx (upstream `hash $remote_addr consistent`, combined log plus
# $request_time $upstream_response_time), pyfleet/load.py from 42 loopback source addresses for 110 s, and
# `pidstat -r -p ALL -C fleetd 2` (the master and its workers, all named fleetd).
record_python() {
  local seconds=110 dest="$out_root/h5-python-sticky-worker" run
  run="$(mktemp -d)"
  mkdir -p "$run/tmp"
  local base port
  base="$(/usr/bin/python3 -c 'import random; print(random.randrange(20000, 40000, 10))')"
  port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  sed -e "s#@RUN@#$run#g" -e "s#@PORT@#$port#g" -e "s#@P0@#$base#" -e "s#@P1@#$((base + 1))#" \
      -e "s#@P2@#$((base + 2))#" -e "s#@P3@#$((base + 3))#" "$here/pyfleet/nginx.conf.in" > "$run/nginx.conf"
  cp "$here/pyfleet/fleetd" "$run/fleetd"
  (cd "$run" && exec ./fleetd "$base" 4 2> "$run/fleetd.log") &
  local master=$!
  echo "$master" > "$run/fleetd.pid"
  nginx -c "$run/nginx.conf" -p "$run"
  sleep 1.5
  LC_ALL=C pidstat -r -p ALL -C fleetd 2 > "$run/pidstat.txt" &
  local stat=$!
  /usr/bin/python3 "$here/pyfleet/load.py" "$port" "$seconds"
  sleep 2.5
  kill -INT "$stat"; wait "$stat" 2>/dev/null || true
  kill -TERM "$master"
  kill -QUIT "$(cat "$run/nginx.pid")"
  wait "$master" 2>/dev/null || true
  sleep 1
  local log="$run/fleetd.log" al="$run/access.log"
  hm_al() { sed 's/.*:\([0-9][0-9]:[0-9][0-9]\):[0-9][0-9] +0000.*/\1/'; }
  {
    echo "# on-call notes $(date -u -r "$al" +%F) UTC"
    echo "$(head -1 "$al" | hm_al) fleet-api-2: fleetd restarted this morning, memory alert again; pidstat on the fleetd processes"
    echo "$(grep 'utilization.csv' "$al" | sed -n '6p' | hm_al) dispatch utilisation report running, ~0.5 s each, workers jump by tens of MB; suspect the report"
    echo "$(tail -1 "$al" | hm_al) stopped pidstat, handing logs to the review"
  } > "$run/oncall-notes.md"
  sed -i "s#$run#/srv/fleetd#g" "$log"
  clean "$dest"
  ship "$al" "$dest/access.log"
  for f in pidstat.txt fleetd.log fleetd.pid oncall-notes.md; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h5-beam-heap-cap) record_beam ;;
    h5-jemalloc-drain-list) record_jemalloc ;;
    h5-python-sticky-worker) record_python ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
