#!/usr/bin/env bash
# Records the holdout9-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), ruby (3.1), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h9-beam-quote-memo-restart   beam/       90 s
#     h9-jemalloc-carrier-acks     jemalloc/   80 s
#     h9-platform-invoice-worker   platform/   140 s (after 90 s of warm-up)
#     h9-jemalloc-warmup-control   jemalloc/   80 s (two runs of 40 s: a restart)
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs (so editing it during a recording is safe)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h9-beam-quote-memo-restart h9-jemalloc-carrier-acks h9-platform-invoice-worker h9-jemalloc-warmup-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h9-beam-quote-memo-restart: the ferrymark OTP node (beam/). The kernel logger's default handler writes
# ferrymark.log with the default formatter's legacy `=ERROR REPORT==== 6-Dec-2026::18:21:40.101 ===` headers
# (multi-line, chars_limit 16384, depth 40) at level info (progress reports included); ferry_probe
# writes probe.log every 4 s (a timestamp line, then the top 14 processes by memory printed with ~p);
# `pidstat -r -p <beam> 3` (no -h) samples the VM.
record_beam() {
  local seconds="${BEAM_SECONDS:-90}" dest="$out_root/h9-beam-quote-memo-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/ferrymark.app.src" "$run/ebin/ferrymark.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/ferrymark.log"}, level => info,
                        formatter => {logger_formatter, #{legacy_header => true, single_line => false,
                                                          chars_limit => 16384, depth => 40}}}}]}]},
 {ferrymark, [{out_dir, "$run/out"}, {run_seconds, $seconds}, {crash_at, ${BEAM_CRASH_AT:-34}}]}].
CFG
  (cd "$run" && exec erl -noshell -pa ebin -config sys -eval 'ferrymark_node:run()' > /dev/null) &
  local node=$!
  sleep 0.2
  LC_ALL=C pidstat -r -p "$node" 3 "$((seconds / 3 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  wait "$stat" || true
  local log="$run/out/ferrymark.log"
  hm() { grep -m1 -B1 "$1" "$log" | head -1 | sed -E 's/.*::([0-9:]{8}).*/\1/'; }
  {
    echo "# on-call notes $(date -u -r "$log" +%F) UTC - ferrymark-api-2"
    echo "$(hm 'sailing 2 closed') beam.smp memory alert again, right when the 'sailing closed' SMS burst went out; sms_fanout has ~30k queued"
    echo "  berth_map is the biggest process by far (~58 MB), someone should look at the berth geometry load"
    echo "$(date -u -d @"$(stat -c %Y "$log")" +%H:%M) stopped the node for the review; probe.log, pidstat and ferrymark.log saved"
  } > "$run/out/oncall-notes.txt"
  # the node ran from a scratch directory; on the real host it lives in /srv/ferrymark, logs in /var/log/ferrymark
  sed -i "s#$run/out#/var/log/ferrymark#g; s#$run#/srv/ferrymark#g" "$log" "$run/out/probe.log"
  clean "$dest"
  for f in ferrymark.log probe.log pidstat.txt beam.pid oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h9-jemalloc-carrier-acks: jemalloc/labelhub.c built with gcc -O2 -g against jemalloc 5.3, run with
# MALLOC_CONF=prof:true,prof_prefix:<dir>/jeprof,lg_prof_interval:25,lg_prof_sample:17: jemalloc writes
# jeprof.<pid>.<seq>.i<seq>.heap every 32 MiB allocated. RSS: the engineer's loop
# `while sleep 3; do date +%s; ps -o pid,rss,vsz,comm -p PID; done`. The dumps are then copied to another host
# with scp (no -p: mtimes become the copy time, all within a second).
build_labelhub() { # build_labelhub DIR
  cp "$here/jemalloc/labelhub.c" "$1/"
  (cd "$1" && gcc -g -O2 -pthread -fdebug-prefix-map="$1"=/usr/src/labelhub-3.0.4 -o labelhub labelhub.c -ljemalloc)
}
record_jemalloc() {
  local seconds="${JE_SECONDS:-80}" dest="$out_root/h9-jemalloc-carrier-acks" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof"
  build_labelhub "$run"
  (cd "$run" && exec env MALLOC_CONF="prof:true,prof_prefix:$run/prof/jeprof,lg_prof_interval:25,lg_prof_sample:17" \
     ./labelhub "$seconds" leak "$run/labelhub.log") &
  local srv=$!
  sleep 0.3
  (while sleep 3; do kill -0 "$srv" 2>/dev/null || break; date +%s; ps -o pid,rss,vsz,comm -p "$srv" || true; done) \
    > "$run/ps-loop.log" &
  local sampler=$!
  wait "$srv" || true
  wait "$sampler" || true
  local log="$run/labelhub.log" day; day="$(head -c 10 "$log")"
  hm() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $day (UTC) labelhub on ship-gw-4"
    echo "$(sed -n 1p "$log" | cut -c12-16) restarted labelhub 3.0.4 with jemalloc heap profiling (prof_prefix /var/tmp/labelhub/jeprof, interval 32 MiB)"
    echo "$(grep -m1 'sheets=[3-9]' "$log" | cut -c12-16) RSS jumps by 40-60 MB every few seconds, the end-of-day label sheets (label_rasterize) are the big allocations in the profiles"
    echo "  also the zone table is 20+ MB at boot, could we mmap it?"
    echo "$(tail -1 "$log" | cut -c12-16) stopped it, copied the profiles, the ps loop and the binary over for the review"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do # copied without -p: new mtimes
    sed "s#$run/labelhub#/opt/labelhub/bin/labelhub#g" "$f" > "$dest/profiles/$(basename "$f")"
  done
  cp "$run/labelhub" "$dest/bin/labelhub"
  for f in labelhub.log oncall-notes.txt ps-loop.log; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h9-jemalloc-warmup-control: the same labelhub in MODE control (acks freed after 2 s, a 9,000-template cache
# warming up), run twice (40 s, a restart by the deploy of the same build, 40 s: a new pid, a new profile
# sequence); jemalloc dumps every 64 MiB (lg_prof_interval:26); RSS by `pidstat -h -r -C labelhub 2`.
record_control() {
  local seconds="${CT_SECONDS:-40}" dest="$out_root/h9-jemalloc-warmup-control" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof"
  build_labelhub "$run"
  LC_ALL=C pidstat -h -r -C labelhub 2 "$(( seconds + 3 ))" > "$run/pidstat.txt" &
  local stat=$!
  local r
  for r in 1 2; do
    (cd "$run" && exec env MALLOC_CONF="prof:true,prof_prefix:$run/prof/jeprof,lg_prof_interval:26,lg_prof_sample:17" \
       ./labelhub "$seconds" control "$run/labelhub.log") || true
    [ "$r" = 2 ] || { echo "$(date -u '+%F %T') deploy: labelhub 3.0.4 config reload (restart, same build)" >> "$run/deploy.log"; sleep 2; }
  done
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local log="$run/labelhub.log" day; day="$(head -c 10 "$log")"
  {
    echo "# on-call notes $day (UTC) labelhub on ship-gw-5"
    echo "$(sed -n 1p "$log" | cut -c12-16) labelhub RSS climbing right after start (template cache?), profiling on"
    echo "$(grep -m1 'deploy:' "$run/deploy.log" | cut -c12-16) restarted labelhub for the config reload"
    echo "$(tail -1 "$log" | cut -c12-16) RSS back to where it was before the restart, jumps only with the label sheets; closing, saving profiles"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/labelhub#/opt/labelhub/bin/labelhub#g" "$f" > "$dest/profiles/$(basename "$f")"
  done
  cp "$run/labelhub" "$dest/bin/labelhub"
  for f in labelhub.log oncall-notes.txt pidstat.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h9-platform-invoice-worker: platform/drain.py runs tallybook's dynos as real processes (web.1, web.2: Debian's
# Puma 5.6.5 in single mode over platform/web/config.ru; worker.1: platform/worker.rb, Sidekiq-7-like with the
# text formatter), lets them serve traffic for 90 s, starts the tail and writes what `heroku logs --tail` printed
# in 140 s. The LedgerExportJob runs at 31 s and 86 s after the attach.
record_platform() {
  local seconds="${PF_SECONDS:-140}" warmup="${PF_WARMUP:-90}" dest="$out_root/h9-platform-invoice-worker" run
  run="$(mktemp -d)"
  WARMUP="$warmup" EXPORT_AT="$(( warmup + 31 )),$(( warmup + 86 ))" \
    python3 "$here/platform/drain.py" "$seconds" "$run" "$run/heroku-logs.txt"
  local log="$run/heroku-logs.txt"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (tallybook-prod)"
    echo "$(hm_of 'class=LedgerExportJob.*start') worker.1 memory jumping, the monthly LedgerExportJob is running (140 MB CSV in memory?)"
    echo "$(tail -1 "$log" | cut -c12-16) saved the heroku logs tail for the review; worker.1 is still higher than this morning"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-logs.txt"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h9-beam-quote-memo-restart) record_beam ;;
    h9-jemalloc-carrier-acks) record_jemalloc ;;
    h9-platform-invoice-worker) record_platform ;;
    h9-jemalloc-warmup-control) record_control ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit
}
