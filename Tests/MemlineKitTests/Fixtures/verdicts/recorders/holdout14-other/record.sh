#!/usr/bin/env bash
# Records the holdout14-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), nginx, sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h14-beam-wharfline-berth-events-node-restart         beam/        ~110 s
#     h14-jemalloc-cinderhub-window-deploy-config-noop     jemalloc/    ~95 s
#     h14-python-tallyport-edi-audit-one-worker            pyprefork/   ~100 s
#     h14-platform-orchardly-batch-quota-deploy-control    platform/    ~130 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h14-beam-wharfline-berth-events-node-restart h14-jemalloc-cinderhub-window-deploy-config-noop
  h14-python-tallyport-edi-audit-one-worker h14-platform-orchardly-batch-quota-deploy-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }

# h14-beam-wharfline-berth-events-node-restart: the wharfline OTP node (beam/), run by beam/wharfline-run.sh (a
# runit-style loop that starts a new node when one exits and logs VmRSS from /proc every 3 s in logfmt). The kernel
# logger's default handler writes wharfline.log (legacy `=INFO REPORT====` headers, multi-line); wl_probe appends ~p
# process samples and erlang:memory() to procs.log every 3 s; `pidstat -r -C beam.smp 2` samples both VMs. At
# BEAM_RESTART_AT s the on-call stops the node (SIGTERM to beam.smp) and the run script starts a new one (new OS pid).
record_beam() {
  local seconds="${BEAM_SECONDS:-110}" restart_at="${BEAM_RESTART_AT:-55}" dest="$out_root/h14-beam-wharfline-berth-events-node-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/wharfline.app.src" "$run/ebin/wharfline.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/wharfline.log"}, level => info,
                        formatter => {logger_formatter, #{legacy_header => true, single_line => false}}}}]}]},
 {wharfline, [{out_dir, "$run/out"}]}].
CFG
  LC_ALL=C pidstat -r -C beam.smp 2 "$(( seconds / 2 + 3 ))" > "$run/out/pidstat.txt" &
  local stat=$!
  sleep 1
  (cd "$run" && exec "$here/beam/wharfline-run.sh" "$run/out") &
  local runner=$!
  local t0; t0="$(hms)"
  sleep "$restart_at"
  local tr; tr="$(hms)"
  local old; old="$(cat "$run/out/beam.pid")"
  kill -TERM "$old"
  sleep "$(( seconds - restart_at ))"
  touch "$run/out/down"
  kill -TERM "$(cat "$run/out/beam.pid")"
  wait "$runner" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local node; node="$(grep -m1 -o "wharfline[0-9]*@$(hostname -s)" "$run/out/procs.log")"
  {
    echo "# on-call notes $(date -u +%F) UTC - wharfline on quay-3"
    echo "${t0%:*} wharfline started by its run script after the night's memory alarm, probe on (procs.log every 3 s)"
    echo "${tr} restart: stopped the node (beam.smp $old), run script brought up a new one. tariff_book is the biggest process, ~40 MB, is the tariff reload leaking?"
    echo "$(date -u +%H:%M) memory climbing again after the restart; stopped, kept procs.log, the node log, pidstat and the run log"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/wharfline#g; s#$run#/srv/wharfline#g; s#$node#wharfline@quay-3#g" \
      "$run/out/wharfline.log" "$run/out/procs.log"
  clean "$dest"
  for f in wharfline.log procs.log wharfline-run.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h14-jemalloc-cinderhub-window-deploy-config-noop: jemalloc/cinderhub.c (gcc -O2 -g, jemalloc 5.3), two builds:
# 2.17.4 and 2.18.0 (-DTREND_WINDOW), run with MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/cinderhub,
# lg_prof_interval:22,lg_prof_sample:16 (an interval dump every 4 MiB allocated, a final dump at exit). 2.17.4 runs
# JE_OLD_SECONDS; JE_CONF_AT s in, the operator edits cinderhub.conf (report_interval 10 -> 5, a new historian URL)
# and sends SIGHUP; then Capistrano deploys 2.18.0 (a new process) which runs JE_NEW_SECONDS. `pidstat -r -C
# cinderhub 2` (no -h) covers both pids; the profiles keep their mtimes.
record_jemalloc() {
  local old="${JE_OLD_SECONDS:-42}" new="${JE_NEW_SECONDS:-56}" conf_at="${JE_CONF_AT:-15}"
  local dest="$out_root/h14-jemalloc-cinderhub-window-deploy-config-noop" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  local v
  for v in 2.17.4 2.18.0; do
    (cd "$run" && gcc -g -O2 -pthread $([ "$v" = 2.18.0 ] && echo -DTREND_WINDOW) -fdebug-prefix-map="$here/jemalloc"=/usr/src/cinderhub \
       -fdebug-prefix-map="$run"=/usr/src/cinderhub -o "bin/cinderhub-$v" "$here/jemalloc/cinderhub.c" -ljemalloc)
  done
  printf 'report_interval = 10\nhistorian_url = http://hist-a.melt.local:8086\ntrend_window = 600\n' > "$run/cinderhub.conf"
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/cinderhub,lg_prof_interval:22,lg_prof_sample:16"
  LC_ALL=C pidstat -r -C cinderhub 2 "$(( (old + new + 6) / 2 ))" > "$run/pidstat.txt" &
  local stat=$!
  sleep 1
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/cinderhub-2.17.4 "$run/cinderhub.conf" "$run/cinderhub.log") &
  local pid=$! t0; t0="$(hms)"
  sleep "$conf_at"
  printf 'report_interval = 5\nhistorian_url = http://hist-b.melt.local:8086\ntrend_window = 600\n' > "$run/cinderhub.conf"
  local tc; tc="$(hms)"; kill -HUP "$pid"
  sleep "$(( old - conf_at ))"
  local td; td="$(hms)"
  local rel; rel="$(date -u +%Y%m%d%H%M%S)"
  kill -TERM "$pid"; wait "$pid" || true
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/cinderhub-2.18.0 "$run/cinderhub.conf" "$run/cinderhub.log") &
  pid=$!
  echo "Branch release/2.18 (at 9d4e1b7) deployed as release $rel by ci-deployer" >> "$run/revisions.log"
  sleep "$new"
  kill -TERM "$pid"; wait "$pid" || true
  wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/cinderhub/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/cinderhub-2.17.4 "$run"/bin/cinderhub-2.18.0 "$dest/bin/"
  sed -i "s#$run#/srv/cinderhub#g" "$run/cinderhub.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - cinderhub on melt-edge-1"
    echo "${t0} cinderhub 2.17.4 restarted with jemalloc profiling on (every 4 MiB + final dump) for the memory alert"
    echo "${tc} config change: report_interval 10s -> 5s, historian_url hist-a -> hist-b (OPS-1180), reloaded with SIGHUP"
    echo "${td} deploy: cinderhub 2.18.0 (release/2.18, 9d4e1b7) rolled out by ci-deployer, new process"
    echo "$(date -u +%H:%M) memory rising since this afternoon. historian batches flushing twice as often since the config change? saved profiles of both pids, pidstat, both binaries"
  } > "$run/oncall-notes.txt"
  for f in cinderhub.log revisions.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h14-python-tallyport-edi-audit-one-worker: pyprefork/tallyport.py (a gunicorn-style master + 3 sync workers, all
# named tallyport) behind Debian's nginx (`hash $http_x_account consistent`), loaded by pyprefork/loadgen.py (~13
# requests/s) for PY_SECONDS. The workers write a logfmt access log (time, pid, method, path, status, duration ms,
# bytes, account); the master gunicorn's error-log lines; nginx its access log (combined + rt/urt/upstream/account);
# `pidstat -h -r -C tallyport 3` samples the four processes (pidstat lists those that faulted in the interval).
record_python() {
  local seconds="${PY_SECONDS:-100}" dest="$out_root/h14-python-tallyport-edi-audit-one-worker" run base
  run="$(mktemp -d)"
  mkdir -p "$run/tmp" "$run/logs"
  base=$(( 20000 + RANDOM % 20000 ))
  sed -e "s#@RUN@#$run#g" -e "s#@PORT@#$base#" -e "s#@P0@#$((base + 1))#" -e "s#@P1@#$((base + 2))#" \
      -e "s#@P2@#$((base + 3))#" "$here/pyprefork/nginx.conf.in" > "$run/nginx.conf"
  python3 "$here/pyprefork/tallyport.py" "$((base + 1))" "$run/logs" &
  local master=$!
  sleep 1.5
  nginx -c "$run/nginx.conf" -p "$run"
  LC_ALL=C pidstat -h -r -C tallyport 3 "$(( seconds / 3 + 4 ))" > "$run/logs/pidstat.txt" &
  local stat=$!
  local t0; t0="$(hms)"
  sleep 2
  python3 "$here/pyprefork/loadgen.py" "$base" "$seconds" 2> "$run/loadgen.err"
  sleep 3
  kill -TERM "$master"; wait "$master" || true
  kill -QUIT "$(cat "$run/nginx.pid")" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local alog="$run/logs/access.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - tallyport on cust-api-2"
    echo "${t0%:*} tallyport restarted (gunicorn -w 3) after yesterday's 2.7 GB alert"
    echo "$(sed -n "$(( $(wc -l < "$alog") / 2 ))p" "$alog" | cut -c17-21) workers all spike 40-60 MB when duty-summary reports run (180k rows each). reports again?"
    echo "$(tail -1 "$alog" | cut -c17-21) saved pidstat, access.log and error.log"
  } > "$run/logs/oncall-notes.txt"
  clean "$dest"
  for f in access.log nginx-access.log error.log pidstat.txt oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h14-platform-orchardly-batch-quota-deploy-control: platform/drain.py runs orchardly's dynos as real Python
# processes (web.1-3: platform/web.py; worker.1: platform/worker.py, a Celery stand-in), lets them work PF_WARMUP s,
# attaches the tail and writes what `heroku logs --tail` printed in PF_SECONDS. A deploy lands 34 s after the attach
# (all dynos restarted); the worker's weekly rebuild_grower_ledger batch starts 58 s after it (~560 MB for ~40 s).
record_platform() {
  local seconds="${PF_SECONDS:-140}" warmup="${PF_WARMUP:-8}" dest="$out_root/h14-platform-orchardly-batch-quota-deploy-control" run
  run="$(mktemp -d)"
  WARMUP="$warmup" DEPLOY_AT=34 BATCH_AT=58 python3 "$here/platform/drain.py" "$seconds" "$run" "$run/heroku-logs.txt"
  local log="$run/heroku-logs.txt"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (orchardly-prod)"
    echo "~$(hm_of 'Deploy 7c41e2d') deploy of 7c41e2d (v318) by mira, all dynos restarted"
    echo "~$(hm_of 'Error R14') R14 on worker.1 right after the deploy. did v318 break something in the worker?"
    echo "~$(tail -1 "$log" | cut -c12-16) saved the tail, worker.1 looks normal again, no action taken"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-logs.txt"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h14-beam-wharfline-berth-events-node-restart) record_beam ;;
    h14-jemalloc-cinderhub-window-deploy-config-noop) record_jemalloc ;;
    h14-python-tallyport-edi-audit-one-worker) record_python ;;
    h14-platform-orchardly-batch-quota-deploy-control) record_platform ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
