#!/usr/bin/env bash
# Records the holdout6-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), jeprof, python3 (3.11), ruby (3.1) + puma (5.6.5) + ruby-rack, sysstat.
#   ./record.sh [INCIDENT…]   default: all three
#     h6-beam-rating-backlog    beam/      120 s
#     h6-platform-worker-job    platform/  150 s
#     h6-jemalloc-warm-cache    jemalloc/   95 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h6-beam-rating-backlog h6-platform-worker-job h6-jemalloc-warm-cache)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h6-beam-rating-backlog: the switchyard OTP node (beam/): release 1.12.0 in ebin/, the 1.12.1 upgrade's two
# modules (rating_rules, fraud_scorer, built with other -D values) in ebin-1.12.1/. The kernel logger's default
# handler writes switchyard.log with the default formatter in single-line form; sw_probe writes procs.jsonl every
# 3 s; `pidstat -r -u -p <beam.smp> 3` (default 24-hour clock, CPU and memory blocks).
record_beam() {
  local seconds=120 upgrade_at=16 dest="$out_root/h6-beam-rating-backlog" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/ebin-1.12.1" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  erlc -o "$run/ebin-1.12.1" -DRATING_VSN='"1.12.1"' -DMIN_UNIT=30 "$here/beam/rating_rules.erl"
  erlc -o "$run/ebin-1.12.1" -DSCORER_VSN='"1.12.1"' -DTHRESHOLD=0.98 "$here/beam/fraud_scorer.erl"
  cp "$here/beam/switchyard.app.src" "$run/ebin/switchyard.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/switchyard.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => true}}}}]}]},
 {switchyard, [{out_dir, "$run/out"}, {run_seconds, $seconds}, {upgrade_at, $upgrade_at},
               {upgrade_dir, "$run/ebin-1.12.1"}]}].
CFG
  # erl execs erlexec, which execs beam.smp: $! is the beam.smp pid
  (cd "$run" && exec erl -noshell -pa ebin -config sys -eval 'switchyard_node:run()' > /dev/null) &
  local node=$!
  sleep 0.2
  LC_ALL=C pidstat -r -u -p "$node" 3 "$((seconds / 3 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  wait "$stat" || true
  local log="$run/out/switchyard.log"
  hm() { cut -c12-16; }
  {
    echo "# sw-node-3 on-call notes $(head -c 10 "$log") UTC"
    echo "~$(grep -m1 'hot code upgrade to switchyard' "$log" | hm) release 1.12.1 deployed to sw-node-3 as a hot upgrade (rating_rules rounding fix, fraud_scorer threshold 0.98)"
    echo "~$(grep 'fraud_scorer: window' "$log" | sed -n 4p | hm) beam.smp RSS alert; memory jumps by ~60 MB every 15 s or so, lines up with the fraud_scorer windows."
    echo "  Suspect the new threshold in 1.12.1 (more flagged cdrs kept?) or the tariff tables (biggest thing in the node)"
    echo "~$(grep -m1 'switchyard stopping' "$log" | hm) stopped the node for the review; procs.jsonl + pidstat + log attached. Rating lag on the billing dashboard ~20 min"
  } > "$run/out/oncall-notes.txt"
  # the node ran from a scratch directory; on the real host its log directory is /var/log/switchyard
  sed -i "s#$run/out#/var/log/switchyard#g" "$log"
  clean "$dest"
  for f in switchyard.log procs.jsonl pidstat.txt beam.pid oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h6-platform-worker-job: platform/dynoplex.py runs cargolane-api's dynos as real processes (web.1-web.3: Debian's
# Puma 5.6.5 in cluster mode over platform/web/config.ru; worker.1: platform/worker.rb, Sidekiq-7-like with
# ActiveJob) and writes what an HTTPS log drain received in 150 s: octet-counted RFC 5424 frames, one per line.
record_platform() {
  local seconds=150 dest="$out_root/h6-platform-worker-job" run
  run="$(mktemp -d)"
  python3 "$here/platform/dynoplex.py" "$seconds" "$run" "$run/drain.log"
  local log="$run/drain.log"
  hm_of() { grep -m1 "$1" "$log" | cut -d' ' -f3 | cut -c12-16; }
  {
    echo "# on-call notes $(sed -n 1p "$log" | cut -d' ' -f3 | cut -c1-10) UTC (cargolane-api)"
    echo "$(hm_of 'export.xlsx') web dynos memory_total climbing fast since the boot, manifest exports are slow (0.3-1 s) and huge; suspect ManifestExportsController"
    echo "$(hm_of 'Error R14') R14 on worker.1 (Memory quota exceeded)"
    echo "$(hm_of 'heroku worker.1 - Restarting') heroku ps:restart worker.1 to clear the R14, InvoiceBatchJob batches were running, might be those"
    echo "$(tail -1 "$log" | cut -d' ' -f3 | cut -c12-16) saved the drain output for the postmortem"
  } > "$run/oncall-notes.md"
  clean "$dest"
  ship "$log" "$dest/drain.log"
  cp "$run/oncall-notes.md" "$dest/"
  rm -rf "$run"
}

# h6-jemalloc-warm-cache: jemalloc/quotad.c built with gcc -O2 -g against jemalloc 5.3 and run with heap
# profiling (prof:true, lg_prof_sample:17, no interval dumps). The ops sidecar sends SIGUSR2 every 5 s and quotad
# answers with mallctl("prof.dump", "<dir>/quotad-<UTC time>.heap"). RSS is sampled by the on-call engineer's loop
# `while sleep 2; do date -u; cat /proc/PID/status; done`. The dumps were scp'd (no -p) to the incident box two
# days later: their mtimes are the copy time; the binary is shipped under bin/ (the dumps name its deploy path
# /opt/quotad/bin/quotad).
record_jemalloc() {
  local seconds=95 dest="$out_root/h6-jemalloc-warm-cache" run
  run="$(mktemp -d)"
  mkdir -p "$run/heap"
  cp "$here/jemalloc/quotad.c" "$run/"
  (cd "$run" && gcc -g -O2 -pthread -fdebug-prefix-map="$run"=/usr/src/quotad-3.4.2 -o quotad quotad.c -ljemalloc)
  (cd "$run" && exec env MALLOC_CONF=prof:true,lg_prof_sample:17 ./quotad "$seconds" "$run/heap" 2> quotad.log) &
  local srv=$!
  sleep 0.3
  (while sleep 2; do kill -0 "$srv" 2>/dev/null || break; LC_ALL=C date -u; cat "/proc/$srv/status" 2>/dev/null; done) \
    > "$run/status.log" &
  local sampler=$!
  (while sleep 5; do kill -USR2 "$srv" 2>/dev/null || break; done) &
  local sidecar=$!
  wait "$srv" || true
  wait "$sampler" || true
  wait "$sidecar" || true
  local log="$run/quotad.log" day
  day="$(date -u -r "$log" +%F)"
  hm() { cut -c8-12; }
  {
    echo "# pricing on-call notes $day UTC"
    echo "$(sed -n 1p "$log" | hm) restarted quotad on pricing-2 with heap profiling (RSS alert overnight, +150 MB since the 3.4.2 deploy; fare cache leak?)"
    echo "$(grep -m1 'SIGUSR2' "$log" | hm) sidecar sends SIGUSR2 every 5 s, dumps go to /var/lib/quotad/heap"
    echo "$(grep 'pricing:' "$log" | sed -n 3p | hm) RSS still climbing ~2 MB/s, plus big jumps every ~12 s"
    echo "$(tail -1 "$log" | hm) stopped it; dumps + binary + status loop copied to the incident box"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/heap"
  local f
  for f in "$run"/heap/*.heap; do
    sed "s#$run/quotad#/opt/quotad/bin/quotad#g" "$f" > "$dest/heap/$(basename "$f")"
  done
  cp "$run/quotad" "$dest/bin/quotad"
  for f in quotad.log status.log oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  # the copy: scp without -p, two days after the run
  find "$dest" -type f ! -name expected.json ! -name README.md -exec touch -d "$(date -u -d "$day + 2 days" +%F) 10:17:42 UTC" {} +
  rm -rf "$run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h6-beam-rating-backlog) record_beam ;;
    h6-platform-worker-job) record_platform ;;
    h6-jemalloc-warm-cache) record_jemalloc ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
