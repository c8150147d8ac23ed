#!/usr/bin/env bash
# Records the holdout10-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), ruby (3.1) + puma (Debian's 5.6.5),
# sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h10-jemalloc-meter-dedup-restart    jemalloc/    ~100 s (two lives of 48 s: a restart, a new pid)
#     h10-beam-session-map-hotload        beam/        96 s
#     h10-platform-nutrition-r14-worker   platform/    150 s (after 40 s of warm-up)
#     h10-python-sticky-possync-recycle    pyworkers/   100 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs (so editing it during a recording is safe)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h10-jemalloc-meter-dedup-restart h10-beam-session-map-hotload h10-platform-nutrition-r14-worker h10-python-sticky-possync-recycle)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h10-jemalloc-meter-dedup-restart: jemalloc/meterd.c built with gcc -O2 -g against jemalloc 5.3, run with
# MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/jeprof,lg_prof_interval:23,lg_prof_sample:16: jemalloc
# writes jeprof.<pid>.<seq>.i<seq>.heap every 8 MiB allocated and jeprof.<pid>.<seq>.f.heap at exit. The first
# life runs 48 s, then the operator restarts it (SIGTERM, 2 s later a new process: new pid, new sequence), the
# second life runs 48 s. RSS: `pidstat -r -C meterd 3` (no -h) over both lives. The profiles of both pids are then
# copied to another host with cp (no -p: the mtimes become the copy time).
record_jemalloc() {
  local seconds="${JE_SECONDS:-48}" dest="$out_root/h10-jemalloc-meter-dedup-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof"
  cp "$here/jemalloc/meterd.c" "$run/"
  (cd "$run" && gcc -g -O2 -pthread -fdebug-prefix-map="$run"=/usr/src/meterd-1.14.2 -o meterd meterd.c -ljemalloc)
  local conf="prof:true,prof_final:true,prof_prefix:$run/prof/jeprof,lg_prof_interval:23,lg_prof_sample:16"
  LC_ALL=C pidstat -r -C meterd 3 "$(( (2 * seconds + 8) / 3 ))" > "$run/pidstat.txt" &
  local stat=$!
  sleep 1
  local r pid
  for r in 1 2; do
    (cd "$run" && exec env MALLOC_CONF="$conf" ./meterd 100000 "$run/meterd.log") &
    pid=$!
    echo "$pid" > "$run/meterd.pid"
    sleep "$seconds"
    if [ "$r" = 1 ]; then
      echo "$(date -u '+%H:%M:%S') restarted meterd (systemctl restart meterd): RSS up ~10 MB since boot and still climbing, pid $pid" >> "$run/notes.tmp"
    fi
    kill -TERM "$pid"; wait "$pid" || true
    [ "$r" = 2 ] || sleep 2
  done
  wait "$stat" || true
  local log="$run/meterd.log"
  {
    echo "# on-call notes $(head -c 10 "$log") UTC - meterd on collector-eu-2"
    echo "$(sed -n 1p "$log" | cut -c12-16) meterd up with jemalloc heap profiling (prof_prefix /var/tmp/meterd/jeprof, every 8 MiB, final dump on exit)"
    echo "  the tariff grid alone is ~38 MB right after boot (tariff_grid_load), biggest thing in every profile"
    cat "$run/notes.tmp"
    echo "$(tail -1 "$log" | cut -c12-19) stopped meterd again for the review, copied profiles of both pids, pidstat and the binary"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do # copied without -p: new mtimes
    sed "s#$run/meterd#/usr/sbin/meterd#g" "$f" > "$dest/profiles/$(basename "$f")"
  done
  cp "$run/meterd" "$dest/bin/meterd"
  for f in meterd.log oncall-notes.txt pidstat.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h10-beam-session-map-hotload: the parkwise OTP node (beam/), started with -sname parkwise. The kernel logger's
# default handler writes parkwise.log with the default formatter, single-line, template
# `time [level] pid msg`; pw_probe writes procs.jsonl every 3 s (the 12 largest processes as JSON lines, then an
# erlang:memory() object); `pidstat -h -r -p <beam.smp> 4` samples the VM. At HOTLOAD_AT s the node hot-loads
# tariff_calc for release 3.2.1 (no restart) and the engineer notes the deploy.
record_beam() {
  local seconds="${BEAM_SECONDS:-96}" at="${BEAM_HOTLOAD_AT:-52}" dest="$out_root/h10-beam-session-map-hotload" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/parkwise.app.src" "$run/ebin/parkwise.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/parkwise.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => true,
                                                          template => [time, " [", level, "] ", pid, " ", msg, "\n"]}}}}]}]},
 {parkwise, [{out_dir, "$run/out"}, {run_seconds, $seconds}, {hotload_at, $at}]}].
CFG
  (cd "$run" && exec erl -noshell -sname "parkwise$$" -pa ebin -config sys -eval 'parkwise_node:run()' > /dev/null) &
  local node=$!
  local i; for i in $(seq 50); do [ -s "$run/out/beam.pid" ] && break; sleep 0.1; done
  local beam; beam="$(cat "$run/out/beam.pid")"
  LC_ALL=C pidstat -h -r -p "$beam" 4 "$((seconds / 4 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local log="$run/out/parkwise.log"
  hms() { grep -m1 "$1" "$log" | cut -c12-19; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC - parkwise-core-1"
    echo "$(hms 'uplink reconnected (#1)' | cut -c1-5) beam memory jumped, anpr_ingest mailbox at ~25k after the camera uplink came back"
    echo "$(hms 'deploying release parkwise 3.2.1') deploy: parkwise 3.2.1 hot upgrade (tariff_calc only, no restart)"
    echo "$(hms 'installed and made permanent') deploy finished, 3.2.1 permanent"
    echo "$(tail -1 "$log" | cut -c12-16) memory still up after the deploy, stopping the node for the review; probe and pidstat saved"
  } > "$run/out/oncall-notes.txt"
  # the node ran from a scratch directory; on the real host it lives in /srv/parkwise, logs in /var/log/parkwise
  sed -i "s#$run/out#/var/log/parkwise#g; s#$run#/srv/parkwise#g; s#parkwise$$@$(hostname -s)#parkwise@parkwise-core-1#g" "$log" "$run/out/procs.jsonl"
  clean "$dest"
  for f in parkwise.log procs.jsonl pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h10-platform-nutrition-r14-worker: platform/drain.py runs pantrypal's dynos as real processes (web.1, web.2:
# Debian's Puma 5.6.5 in single mode over platform/web/config.ru; worker.1: platform/worker.rb, Sidekiq-6-like with
# the text formatter), lets them serve traffic for 40 s, starts the tail and writes what `heroku logs --tail`
# printed in 150 s. The MealPlanExportJob runs once, 50 s after the attach; the first R14 of worker.1 is followed
# 8 s later by `heroku ps:restart worker.1`.
record_platform() {
  local seconds="${PF_SECONDS:-150}" warmup="${PF_WARMUP:-40}" dest="$out_root/h10-platform-nutrition-r14-worker" run
  run="$(mktemp -d)"
  WARMUP="$warmup" PLAN_AT="$(( warmup + 50 ))" python3 "$here/platform/drain.py" "$seconds" "$run" "$run/heroku-logs.txt"
  local log="$run/heroku-logs.txt"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (pantrypal-prod)"
    echo "$(hm_of 'Error R14') worker.1 R14, MealPlanExportJob running (a year of meal plans as one PDF)"
    echo "$(hm_of 'Restarting') restarted worker.1 (heroku ps:restart worker.1)"
    echo "$(tail -1 "$log" | cut -c12-16) saved the log tail for the review; web dynos look higher than at the start too"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-logs.txt"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

# h10-python-sticky-possync-recycle: pyworkers/stockroom.py (a gunicorn-style pre-fork stand-in: master + 3 sync
# workers, max-requests 700 + jitter 50, all processes named stockroom) behind Debian's nginx 1.22 (upstream
# `hash $http_x_tenant consistent`), loaded by pyworkers/loadgen.py for PY_SECONDS; `pidstat -r -C stockroom 2`
# samples the master and the workers. The workers write the JSON access log (with their pid), the master the
# gunicorn-style error log.
record_python() {
  local seconds="${PY_SECONDS:-100}" dest="$out_root/h10-python-sticky-possync-recycle" run base
  run="$(mktemp -d)"
  mkdir -p "$run/tmp" "$run/logs"
  base=$(( 20000 + RANDOM % 20000 ))
  sed -e "s#@RUN@#$run#g" -e "s#@PORT@#$base#" -e "s#@P0@#$((base + 1))#" -e "s#@P1@#$((base + 2))#" \
      -e "s#@P2@#$((base + 3))#" "$here/pyworkers/nginx.conf.in" > "$run/nginx.conf"
  python3 "$here/pyworkers/stockroom.py" "$((base + 1))" "$run/logs" &
  local master=$!
  sleep 1.5
  nginx -c "$run/nginx.conf" -p "$run"
  LC_ALL=C pidstat -r -C stockroom 2 "$(( seconds / 2 + 6 ))" > "$run/logs/pidstat.txt" &
  local stat=$!
  sleep 2
  python3 "$here/pyworkers/loadgen.py" "$base" "$seconds" 2> "$run/loadgen.err"
  sleep 3
  kill -TERM "$master"; wait "$master" || true
  kill -QUIT "$(cat "$run/nginx.pid")" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local glog="$run/logs/gunicorn.log" alog="$run/logs/access.log"
  hms() { grep -m1 "$1" "$glog" | cut -c13-20; }
  {
    echo "# on-call notes $(head -c 11 "$glog" | tr -d '[') (UTC) stockroom on inv-api-3"
    echo "$(sed -n 1p "$glog" | cut -c13-17) stockroom restarted this morning with gunicorn -w 3 --max-requests 700 --max-requests-jitter 50"
    echo "$(hms 'Autorestarting' | cut -c1-5) one worker dropped from ~84 MB to ~41 MB and came back with a new pid: max-requests recycle, and it had been the busiest worker"
    echo "$(tail -1 "$alog" | cut -c22-26) one of the other workers keeps climbing; saved pidstat, access.log and gunicorn.log"
  } > "$run/logs/oncall-notes.txt"
  clean "$dest"
  for f in access.log gunicorn.log pidstat.txt oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h10-jemalloc-meter-dedup-restart) record_jemalloc ;;
    h10-beam-session-map-hotload) record_beam ;;
    h10-platform-nutrition-r14-worker) record_platform ;;
    h10-python-sticky-possync-recycle) record_python ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit
}
