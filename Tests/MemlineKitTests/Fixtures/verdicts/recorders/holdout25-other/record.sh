#!/usr/bin/env bash
# Records the holdout25-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), curl, sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h25-beam-gorsemere-door-audit-mailbox-beside-tariff-vault-sms-restart       beam/       ~95 s
#     h25-jemalloc-brindlecove-replay-tenant-one-worker-beside-sighup-reload       jemalloc/   ~95 s
#     h25-platform-halvergate-worker-job-leak-beside-web-export-r14               platform/   ~100 s
#     h25-platform-skerrow-healthy-jobs-export-spike-deploy-control               platform/   ~105 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h25-beam-gorsemere-door-audit-mailbox-beside-tariff-vault-sms-restart
  h25-jemalloc-brindlecove-replay-tenant-one-worker-beside-sighup-reload
  h25-platform-halvergate-worker-job-leak-beside-web-export-r14
  h25-platform-skerrow-healthy-jobs-export-spike-deploy-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# h25-beam-gorsemere-door-audit-mailbox-beside-tariff-vault-sms-restart: beam/*.erl, one OTP 25 node
# (erl -noshell -sname gorsemere, TZ=Asia/Kolkata) for BEAM_SECONDS s. locker_events casts 700 door events/s to
# door_audit_sink, which writes each one and waits ~2 ms for an ack: its mailbox grows all run (the culprit).
# tariff_vault holds a ~24 MB binary and the tariff_rows ETS table, constant (trap); sms_relay crashes once at
# ~38 s and gorsemere_sup restarts it (trap). Logger: default file handler, single-line default formatter, level
# info. The node's probe writes gorsemere-probe.log every 5 s; `pidstat -r -p BEAM 6` in local time.
record_beam() {
  local seconds="${BEAM_SECONDS:-95}"
  local dest="$out_root/h25-beam-gorsemere-door-audit-mailbox-beside-tariff-vault-sms-restart" run
  export TZ=Asia/Kolkata
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/gorsemere.log\"},formatter=>{logger_formatter,#{single_line=>true}}}}]"
  (cd "$run" && exec erl -noshell -sname gorsemere -pa ebin -kernel logger_level info \
     -kernel logger "$logger" -eval "gorsemere:start(\"$run/out\", $seconds)" > "$run/erl.out" 2>&1) &
  local erlsh=$! t0; t0="$(date +%H:%M)"
  local p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname gorsemere' | head -1 || true)"; done
  pidstat -r -p "$p" 6 > "$run/out/pidstat-gorsemere.txt" &
  local stat=$!
  wait "$erlsh" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" 2>/dev/null || true
  local host tk; host="$(hostname -s)"
  tk="$(grep -m1 'sms_relay terminating' "$run/out/gorsemere.log" | cut -c12-16 || true)"
  {
    echo "# on-call notes $(date +%F) (IST) - gorsemere on locker-gw-4"
    echo "${t0} restarted gorsemere 1.9.2 after the overnight memory alert; probe every 5 s, pidstat every 6 s"
    echo "${t0} tariff_vault holds the whole tariff book (24 MB binary + tariff_rows ETS) - binary memory is the biggest chunk on the node, I bet the tariff reloads are piling up copies"
    echo "${tk:-??:??} sms_relay crashed (gateway throttled) and got restarted by the supervisor. memory kept going up after that, maybe the restart leaks the old state?"
    echo "$(date +%H:%M) stopped for review; kept gorsemere.log, gorsemere-probe.log, pidstat-gorsemere.txt"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/gorsemere#g; s#$run#/srv/gorsemere#g; s#@$host#@locker-gw-4#g; s#($host)#(locker-gw-4)#g" "$run"/out/*.txt "$run/out/gorsemere.log" "$run/out/gorsemere-probe.log"
  clean "$dest"
  for f in gorsemere.log gorsemere-probe.log pidstat-gorsemere.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  cat "$run/erl.out" >&2 || true
  wc -l "$run/out/door-audit.jsonl" >&2
  echo "beam pid $p" >&2
  rm -rf "$run"
  unset TZ
}

# h25-jemalloc-brindlecove-replay-tenant-one-worker-beside-sighup-reload: jemalloc/brindlecove.c (gcc -O2 -g1,
# jemalloc 5.3), a master and two forked workers on PORT and PORT+1, TZ=Australia/Adelaide,
# MALLOC_CONF=prof:true,prof_final:true,prof_prefix:<dir>/brindlecove,lg_prof_interval:25,lg_prof_sample:17 (a
# dump per process every 32 MiB allocated + one at exit). jemalloc/edgeproxy.py sends ~110 requests/s from six
# tenants, each pinned to one worker; marlpit-dairy (worker 2) sends X-Replay-Id and replay_guard_remember keeps
# every such payload (the leak, worker 2 only). At JE_HUP s ops add a route and `kill -HUP` the master (config
# reload in both workers, trap). `pidstat -r -C brindlecove 4`. Profiles shipped with copy-time mtimes.
record_jemalloc() {
  local seconds="${JE_SECONDS:-92}" hup="${JE_HUP:-33}"
  local dest="$out_root/h25-jemalloc-brindlecove-replay-tenant-one-worker-beside-sighup-reload" run port
  export TZ=Australia/Adelaide
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/log" "$run/etc"
  port="$(free_port)"
  gcc -g1 -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/brindlecove -fdebug-prefix-map="$here"=/usr/src/brindlecove \
    -o "$run/bin/brindlecove" "$here/jemalloc/brindlecove.c" -ljemalloc
  cp "$here/jemalloc/brindlecove.conf" "$run/etc/brindlecove.conf"
  local mconf="prof:true,prof_final:true,prof_prefix:$run/prof/brindlecove,lg_prof_interval:25,lg_prof_sample:17"
  (cd "$run" && exec env MALLOC_CONF="$mconf" bin/brindlecove "$port" "$run/log/access.log" "$run/etc/brindlecove.conf" 2>> "$run/log/brindlecove.log") &
  local master=$! t0; t0="$(date +%H:%M)"
  sleep 0.6
  LC_ALL=C pidstat -r -C brindlecove 4 > "$run/log/pidstat.txt" &
  local stat=$!
  python3 "$here/jemalloc/edgeproxy.py" "$port" "$seconds" 2> "$run/edgeproxy.err" &
  local load=$! start; start=$(date +%s)
  sleep $(( start + hup - $(date +%s) ))
  echo "larchfield-cider https://larchfield.example/hooks 2" >> "$run/etc/brindlecove.conf"
  echo "$(date '+%b %e %H:%M:%S') edge-2 sudo: ines : TTY=pts/1 ; PWD=/etc/brindlecove ; USER=root ; COMMAND=/bin/systemctl reload brindlecove" >> "$run/log/auth.log"
  kill -HUP "$master"
  local th; th="$(date +%H:%M)"
  wait "$load" || true
  sleep 1
  kill -TERM "$master"; wait "$master" || true
  sleep 2.5
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  {
    echo "# on-call notes $(date +%F) (ACDT) - brindlecove on edge-2"
    echo "${t0} restarted brindlecove 4.2.0 with jemalloc profiling (dump every 32 MiB allocated + at exit) after the RSS page"
    echo "${th} ines reloaded the config (new tenant larchfield-cider, systemctl reload = SIGHUP). worker RSS went up after it - the reload re-reads the route table in every worker, probably leaking the old table"
    echo "$(date +%H:%M) stopped; copied the heap profiles, access.log, brindlecove.log, auth.log, pidstat"
  } > "$run/log/oncall-notes.txt"
  sed -i "s#$run/log#/var/log/brindlecove#g; s#$run/etc#/etc/brindlecove#g; s#$run#/opt/brindlecove#g" "$run/log/brindlecove.log"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f copied; copied="$(date -d '+2 days' '+%F 09:31:07')"
  for f in "$run"/prof/*.heap; do sed "s#$run/bin/#/opt/brindlecove/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"; touch -d "$copied" "$dest/profiles/$(basename "$f")"; done
  cp "$run/bin/brindlecove" "$dest/bin/"
  for f in access.log brindlecove.log auth.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/edgeproxy.err" >&2
  echo "master $master start $t0 hup $th" >&2
  rm -rf "$run"
  unset TZ
}

# h25-platform-halvergate-worker-job-leak-beside-web-export-r14: platform/dynoplex.py with platform/halvergate.json
# (Heroku-style platform over real Python 3.11 dynos: web.1 and web.2 `python3 web.py`, worker.1 `python3
# worker.py`; log-runtime-metrics every 20 s per dyno, quota 512 MB; syslog-framed drain lines). The worker runs
# four job classes; LoyaltyPointsRollupJob keeps each run's ~24 MB of member rows in _rollup_history (the leak).
# At 36 s one GET /exports/orders.csv on web.1 builds a 640 MiB CSV, holds it 13 s for the upload and frees it
# (R14 once, then back down: trap). CrateLabelSweepJob allocates ~60 MB transient per run (trap). Notes blame the
# export.
record_platform_leak() {
  local dest="$out_root/h25-platform-halvergate-worker-job-leak-beside-web-export-r14" run
  run="$(mktemp -d)"
  local t0; t0="$(date -u +%H:%M)"
  python3 "$here/platform/dynoplex.py" "$here/platform/halvergate.json" "$run/halvergate-drain.log" 2> "$run/platform.err"
  local r14 ex; r14="$(grep -m1 'Error R14' "$run/halvergate-drain.log" | cut -c19-23 || true)"
  ex="$(grep -m1 'exports/orders.csv' "$run/halvergate-drain.log" | cut -c19-23 || true)"
  {
    echo "# on-call notes $(date -u +%F) UTC - halvergate-dairy (drain saved from the log sink)"
    echo "${t0} watching halvergate-dairy after last night's R14 page. web x2, worker x1, metrics every 20 s"
    echo "${ex:-??:??} finance pulled the full orders.csv export from the admin (640 MB CSV built in memory)"
    echo "${r14:-??:??} R14 on web.1 - that's the export again. this is what paged us last night, need to stream that export"
    echo "$(date -u +%H:%M) worker.1 memory looks high too, probably CrateLabelSweepJob (the 60 MB image buffers). saved the drain"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$run/halvergate-drain.log" "$dest/halvergate-drain.log"
  ship "$run/oncall-notes.txt" "$dest/oncall-notes.txt"
  cat "$run/platform.err" >&2
  rm -rf "$run"
}

# h25-platform-skerrow-healthy-jobs-export-spike-deploy-control: healthy control. platform/dynoplex.py with
# platform/skerrow.json (web.1, web.2, worker.1, `heroku logs` layout). StandingOrderRollupJob keeps only its last
# 3 results (plateau after ~3 runs); GET /exports/orders.csv on web.2 at 22 s (600 MiB held 16 s, R14 once, freed);
# traffic x3 for 15 s at 34 s; web.1 cycled at 60 s; release v88 (deploy c41e9a7) restarts every dyno at 84 s.
# The notes blame the rollup job and the deploy.
record_platform_control() {
  local dest="$out_root/h25-platform-skerrow-healthy-jobs-export-spike-deploy-control" run
  run="$(mktemp -d)"
  local t0 s0; t0="$(date -u +%H:%M)"; s0=$(date +%s)
  python3 "$here/platform/dynoplex.py" "$here/platform/skerrow.json" "$run/skerrow.log" 2> "$run/platform.err"
  local td r14; td="$(grep -m1 'Deploy c41e9a7' "$run/skerrow.log" | cut -c12-16 || true)"
  r14="$(grep -m1 'Error R14' "$run/skerrow.log" | cut -c12-16 || true)"
  {
    echo "# on-call notes $(date -u +%F) UTC - skerrow-bakehouse"
    echo "${t0} heroku logs --tail on skerrow-bakehouse. worker.1 memory jumps every time StandingOrderRollupJob runs (20+ MB a run), looks like a leak"
    echo "${r14:-??:??} R14 on web.2 during the wholesale orders export"
    echo "$(date -u -d "@$((s0 + 34))" +%H:%M) market-day traffic, router rate x3"
    echo "${td:-??:??} morwenna deployed v88 (c41e9a7, oven slots). all dynos restarted; memory climbing again after the deploy - v88 suspect"
    echo "$(date -u +%H:%M) saved heroku logs for review"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$run/skerrow.log" "$dest/skerrow.log"
  ship "$run/oncall-notes.txt" "$dest/oncall-notes.txt"
  cat "$run/platform.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h25-beam-gorsemere-door-audit-mailbox-beside-tariff-vault-sms-restart) record_beam ;;
    h25-jemalloc-brindlecove-replay-tenant-one-worker-beside-sighup-reload) record_jemalloc ;;
    h25-platform-halvergate-worker-job-leak-beside-web-export-r14) record_platform_leak ;;
    h25-platform-skerrow-healthy-jobs-export-spike-deploy-control) record_platform_control ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
