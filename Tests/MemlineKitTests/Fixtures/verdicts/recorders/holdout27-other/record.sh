#!/usr/bin/env bash
# Records the holdout27-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), node (20), sysstat, procps, curl.
#   ./record.sh [INCIDENT…]   default: all four, one at a time
#     h27-beam-sandwick-ack-seen-ets-beside-label-batch-soft-upgrade                                     beam/      ~95 s
#     h27-jemalloc-kilnhurst-brew-note-chain-soft-limit-restart-beside-recipe-cache                      jemalloc/  ~115 s
#     h27-platform-python-rookhaven-station-trend-beside-rides-export-r14-restart                        platform/  ~125 s
#     h27-node-saltinge-harrowgate-webhook-listeners-one-instance-beside-aging-report-max-memory-restart  node/      ~110 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h27-beam-sandwick-ack-seen-ets-beside-label-batch-soft-upgrade
  h27-jemalloc-kilnhurst-brew-note-chain-soft-limit-restart-beside-recipe-cache
  h27-platform-python-rookhaven-station-trend-beside-rides-export-r14-restart
  h27-node-saltinge-harrowgate-webhook-listeners-one-instance-beside-aging-report-max-memory-restart)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
srv() { rm -rf "/srv/$1"; mkdir -p "/srv/$1"; echo "/srv/$1"; } # apps run from /srv/<app>

# h27-beam-sandwick-ack-seen-ets-beside-label-batch-soft-upgrade: beam/*.erl, one OTP 25 node (erl -sname
# sandwick, TZ=Asia/Kolkata +05:30) for BEAM_SECONDS s. The lockers send ~700 acks/s to ack_dedupe, which keeps
# every ack in the named public ETS table ack_seen; its 10 s sweep compares a ms stamp with a cutoff in s and
# removes nothing (the culprit: a low-rate ETS leak, a few hundred bytes per ack). Traps: label_batcher renders a
# 120,000-label batch every 14 s (~90 MB heap peak, hibernates, blamed by the notes); the release 4.2.1 soft
# upgrade of label_batcher at BEAM_UPGRADE s (blamed by the notes); locker_audit runs every 20 s during the leak.
# A hidden probe node (erl -sname ops -hidden) prints erlang:memory(), ets:i() and c:i() over distribution every
# 6 s; `top -b -d 5 -p PID` runs beside it. Logger: file handler, single-line default formatter, level info.
record_beam() {
  local seconds="${BEAM_SECONDS:-90}" upgrade_at="${BEAM_UPGRADE:-34}"
  local dest="$out_root/h27-beam-sandwick-ack-seen-ets-beside-label-batch-soft-upgrade" run app
  export TZ=Asia/Kolkata
  run="$(mktemp -d)"; app="$(srv sandwick)"
  mkdir -p "$app/ebin" "$run/out"
  erlc -o "$app/ebin" "$here"/beam/*.erl
  local logger="[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/sandwick.log\"},formatter=>{logger_formatter,#{single_line=>true}}}}]"
  (cd "$app" && exec erl -noshell -sname sandwick -pa ebin -kernel logger_level info \
     -kernel logger "$logger" -eval "sandwick:start($seconds, $upgrade_at)" > "$run/erl.out" 2>&1) &
  local erlsh=$! t0; t0="$(date +%H:%M)"
  local p=""
  while [ -z "$p" ]; do sleep 0.2; p="$(pgrep -f 'beam.smp.*sname sandwick' | head -1 || true)"; done
  (top -b -d 5 -n $(( seconds / 5 )) -p "$p" > "$run/out/top-sandwick.txt" 2>/dev/null || true) &
  local topl=$!
  sleep 2
  (cd "$app" && for _ in $(seq 600); do echo y; done | erl -noshell -sname ops -hidden -pa ebin -eval "probe:run('sandwick@$(hostname -s)', $((seconds - 4)))" > "$run/out/remsh-probe.txt" 2>&1) &  # ets:i() and i() page: a finite stream of "y" answers "more (y/n)?" (never `yes`: erl buffers stdin)
  local probe=$!
  wait "$erlsh" || true
  wait "$probe" || true
  kill "$topl" 2>/dev/null || true; wait "$topl" 2>/dev/null || true
  local host tu; host="$(hostname -s)"
  tu="$(grep -m1 'release 4.2.1 installed' "$run/out/sandwick.log" | grep -o 'T[0-9][0-9]:[0-9][0-9]' | tr -d T || true)"
  {
    echo "# on-call notes $(date +%F) (IST) - sandwick on locker-gw-2"
    echo "${t0} restarted sandwick after the 03:40 memory page (beam.smp RES 1.9G). ops probe attached: erlang:memory, ets:i(), i() every 6 s; top -b beside it"
    echo "${tu:-??:??} ravi pushed release 4.2.1 (label_batcher soft upgrade). memory has been creeping since 4.2.1 went out last week - suspect the new batcher code"
    echo "$(date -d '-30 sec' +%H:%M) label_batcher heap jumps to ~90 MB on every batch, biggest process in i() by far. it renders the whole batch in memory. that's our leak - stream it"
    echo "$(date +%H:%M) stopped for review; saved sandwick.log, remsh-probe.txt, top-sandwick.txt"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/sandwick#g; s#$run#/srv/sandwick#g; s#@$host#@locker-gw-2#g; s#'$host'#'locker-gw-2'#g" "$run"/out/*
  clean "$dest"
  for f in "$run"/out/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/erl.out" >&2 || true
  echo "beam pid $p start $t0" >&2
  rm -rf "$run"
  unset TZ
}

# h27-jemalloc-kilnhurst-brew-note-chain-soft-limit-restart-beside-recipe-cache: jemalloc/kilnhurst.c (gcc -O1 -g,
# jemalloc 5.3), TZ=America/Chicago (-06:00). jemalloc/tankfeed.py sends ~4,000 tank readings/s, 25 % with a
# brewer's note. attach_brew_note links each note into its tank's chain; trim_note_chain unlinks past 16 but never
# frees (the culprit, ~1 KB per note). kilnhurst exits 75 when its RSS passes the 100 MB soft limit; the supervisor
# (a runit-style loop, supervise.log) starts it again with a new pid, and the leak starts over. Traps: the recipe
# cache (bounded LRU, 4,096 x 8 KiB, the largest live site in every profile, blamed by the notes), hourly_rollup
# (40 MB scratch every 15 s, freed), the soft-limit restart itself. MALLOC_CONF=prof:true,prof_final:true,
# lg_prof_interval:25,lg_prof_sample:17. Profiles keep jemalloc's names (jeprof.PID.SEQ.iN.heap / .f.heap) but
# are shipped in heap/ with copy-time mtimes; `pidstat -r -h -C kilnhurst 5` (LC_ALL=C: one line per sample, HH:MM:SS).
record_jemalloc() {
  local seconds="${JE_SECONDS:-110}" limit="${JE_LIMIT:-100}"
  local dest="$out_root/h27-jemalloc-kilnhurst-brew-note-chain-soft-limit-restart-beside-recipe-cache" run app port
  export TZ=America/Chicago
  run="$(mktemp -d)"; app="$(srv kilnhurst)"
  mkdir -p "$run/prof" "$run/log" "$app/bin" "$app/src"
  port="$(free_port)"
  cp "$here/jemalloc/kilnhurst.c" "$app/src/"
  (cd "$app" && gcc -O1 -g -o bin/kilnhurst src/kilnhurst.c -ljemalloc)
  local mconf="prof:true,prof_final:true,lg_prof_interval:25,lg_prof_sample:17,prof_prefix:$run/prof/jeprof"
  local end=$(( $(date +%s) + seconds ))
  supervise() { # runit-style: restart on any exit until the end of the run
    local rc
    while [ "$(date +%s)" -lt "$end" ]; do
      (cd "$app" && exec env MALLOC_CONF="$mconf" bin/kilnhurst "$port" "$limit" 2>> "$run/log/kilnhurst.log") &
      local kp=$!
      echo "$(date '+%F %T %z') supervise: started kilnhurst pid $kp" >> "$run/log/supervise.log"
      echo "$kp" >> "$run/pids"
      rc=0; wait "$kp" || rc=$?
      echo "$(date '+%F %T %z') supervise: kilnhurst pid $kp exited status=$rc" >> "$run/log/supervise.log"
      [ -f "$run/stop" ] && break
      sleep 1
    done
  }
  supervise & local sup=$!
  local t0; t0="$(date +%H:%M)"
  sleep 0.5
  LC_ALL=C pidstat -r -h -C kilnhurst 5 > "$run/log/pidstat.txt" &
  local stat=$!
  python3 "$here/jemalloc/tankfeed.py" "$port" "$((seconds - 2))" 4000 25 2> "$run/feed.err"
  touch "$run/stop"
  kill -TERM "$(tail -1 "$run/pids")" 2>/dev/null || true
  wait "$sup" || true
  sleep 5.5
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local tr; tr="$(grep -m1 'exited status=75' "$run/log/supervise.log" | cut -c12-16 || true)"
  {
    echo "on-call notes $(date +%F) (CST) - kilnhurst on tankhall-edge-1"
    echo "${t0} restarted kilnhurst with jemalloc heap profiling (prof:true, dump every 32 MiB allocated + at exit) after the RSS alerts"
    echo "${tr:-??:??} it hit the 100 MB soft limit and supervise restarted it - the soft limit is doing its job, RSS back to normal after the restart"
    echo "$(date +%H:%M) jeprof: recipe_schedule_load holds ~30 MB live and it never goes down, hourly_rollup 40 MB in half the dumps. 4096 recipe slots is too many for the edge box - cut the recipe cache to 1024"
    echo "$(date +%H:%M) copied heap dumps, logs, pidstat and the binary"
  } > "$run/log/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/heap"
  local f copied; copied="$(date -d '+1 day' '+%F 09:41:07')"
  for f in "$run"/prof/*.heap; do
    cp "$f" "$dest/heap/$(basename "$f")"
    touch -d "$copied" "$dest/heap/$(basename "$f")"
  done
  cp "$app/bin/kilnhurst" "$dest/bin/"
  for f in kilnhurst.log supervise.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/feed.err" >&2
  ls -l "$run"/prof/ >&2
  echo "pids $(tr '\n' ' ' < "$run/pids") start $t0" >&2
  rm -rf "$run"
  unset TZ
}

# h27-platform-python-rookhaven-station-trend-beside-rides-export-r14-restart: platform/herokuish.py, a Heroku-style
# platform over real Python dynos (Debian's /usr/bin/python3 3.11, gunicorn 20.1 -w 2 on web.1 and web.2, an
# RQ-style worker.1), UTC. ~24 requests/s. Every GET /stations/:id/availability leaves ~8 KB behind in
# availability._trend (station_availability, never trimmed): both web dynos creep (the culprit, a low-rate leak).
# Traps: one GET /reports/rides.csv on web.2 (~630 MB while it streams to a slow client, R14, RSS stays ~40 MB higher
# after it: a heap that keeps its pages, not a leak), the on-call's `heroku ps:restart web.2`, RebalanceDocksJob on worker.1 every ~3 s
# (~25 MB transient), the 7b2e41c deploy just before the window. Output: `heroku logs --tail` format, runtime
# metrics every 20 s per dyno.
record_platform() {
  local seconds="${PF_SECONDS:-120}"
  local dest="$out_root/h27-platform-python-rookhaven-station-trend-beside-rides-export-r14-restart" run app
  export TZ=UTC
  run="$(mktemp -d)"; app="$(srv rookhaven)"
  cp -r "$here/platform/rookhaven" "$here/platform/worker.py" "$here/platform/herokuish.py" "$app/"
  (cd "$app" && python3 herokuish.py "$run/rookhaven-bikes.log" "$seconds" 36 84 2> "$run/platform.err")
  local tx; tx="$(grep -m1 'Error R14' "$run/rookhaven-bikes.log" | cut -c12-16 || true)"
  {
    echo "on-call $(date +%F) UTC  rookhaven-bikes"
    echo "$(date -d "-$seconds sec" +%H:%M) tamsin deployed 7b2e41c (v142) just before - watching memory with heroku logs --tail"
    echo "${tx:-??:??} web.2 R14 right after someone pulled rides.csv (the season export) - memory_total went way past 512. that export is the memory problem, it builds the whole CSV in memory"
    echo "$(date -d '-40 sec' +%H:%M) restarted web.2 (heroku ps:restart web.2). worker.1 runs RebalanceDocksJob every few seconds, check that too"
    echo "$(date +%H:%M) saved the log tail"
  } > "$run/oncall-notes.txt"
  sed -i "s#$run#/app#g; s#$app#/app#g" "$run/rookhaven-bikes.log"
  clean "$dest"
  for f in rookhaven-bikes.log oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  cat "$run/platform.err" >&2
  rm -rf "$run"
  unset TZ
}

# h27-node-saltinge-harrowgate-webhook-listeners-one-instance-beside-aging-report-max-memory-restart: node/*.js
# (Node 20), TZ=Australia/Adelaide (+10:30). A pm2-style manager (fleet.js: fork mode, 3 instances,
# max_memory_restart 150 MB, checked every 5 s) runs `node api.js PORT`; edge.js routes by `hash $http_x_tenant
# consistent` (ports 38110-38112: harrowgate-freight -> instance 0, corran-mills -> 1, tollbridge-coop -> 2).
# The culprit: webhooks.js registerSettlementWebhook adds an 'invoice.settled' listener with a ~30 KB payload for
# every POST /invoices of a tenant with a settlement webhook (only harrowgate-freight); settlements are published by
# ledger id, so no listener ever removes itself: instance 0 alone grows (MaxListenersExceededWarning in its error
# log). Traps: GET /reports/aging.csv for tollbridge-coop (~450 MB transient on instance 2; pm2 restarts it for
# max_memory_restart), corran-mills (the loudest tenant, instance 1, flat), the notes blaming both. Artifacts: pm2
# logs (pm2.log, ledger-api-out-N.log with heap lines every 10 s, ledger-api-error-N.log), the edge access log,
# a `ps` loop every 6 s.
record_node() {
  local seconds="${NODE_SECONDS:-105}"
  local dest="$out_root/h27-node-saltinge-harrowgate-webhook-listeners-one-instance-beside-aging-report-max-memory-restart" run app
  export TZ=Australia/Adelaide
  run="$(mktemp -d)"; app="$(srv saltinge-ledger)"
  mkdir -p "$run/pm2logs" "$run/log"
  local eport; eport="$(free_port)"
  cp "$here"/node/*.js "$here"/node/tenants.json "$app/"
  (cd "$app" && exec node fleet.js "$run/pm2logs" "$seconds" 150 38110 38111 38112 2> "$run/fleet.err") &
  local fleet=$! t0; t0="$(date +%H:%M)"
  (cd "$app" && exec node edge.js "$eport" "$run/log/edge-access.log" 127.0.0.1:38110 127.0.0.1:38111 127.0.0.1:38112) &
  local edge=$!
  sleep 1.5
  ( while sleep 6; do kill -0 "$fleet" 2>/dev/null || break; echo "### $(date '+%F %T %Z')";
      ps -o pid,ppid,rss,vsz,pcpu,etime,args --ppid "$fleet"; done ) > "$run/log/ps-ledger.txt" &
  local loop=$!
  (cd "$app" && node load.js "$eport" "$((seconds - 5))" 50 40 2> "$run/load.err")
  wait "$fleet" || true
  kill "$edge" "$loop" 2>/dev/null || true; wait "$edge" "$loop" 2>/dev/null || true
  local tr; tr="$(grep -m1 'max-memory-restart' "$run/pm2logs/pm2.log" | cut -c12-16 || true)"
  {
    echo "on-call notes $(date +%F) (ACDT) - saltinge-ledger on ledger-app-3"
    echo "${t0} pm2 restarted ledger-api after the memory alert; heap lines in the out logs every 10 s, ps loop every 6 s"
    echo "${tr:-??:??} pm2 restarted instance 2 for max_memory_restart right after tollbridge pulled the aging report. the aging report is the leak, it builds every row in memory"
    echo "$(date -d '-30 sec' +%H:%M) corran-mills is 40% of our traffic, their instance must be under pressure too. ask them to batch"
    echo "$(date +%H:%M) stopped, saved pm2 logs + edge access log + ps loop"
  } > "$run/log/oncall-notes.txt"
  sed -i "s#$run/pm2logs#$app/.pm2/logs#g" "$run"/pm2logs/*.log   # as pm2 prints its home, under the app
  clean "$dest"; mkdir -p "$dest/pm2-logs"
  local f
  for f in "$run"/pm2logs/*; do ship "$f" "$dest/pm2-logs/$(basename "$f")"; done
  for f in "$run"/log/*; do ship "$f" "$dest/$(basename "$f")"; done
  cat "$run/fleet.err" "$run/load.err" >&2
  echo "start $t0" >&2
  rm -rf "$run"
  unset TZ
}

for i in "${incidents[@]}"; do
  case "$i" in
    h27-beam-sandwick-ack-seen-ets-beside-label-batch-soft-upgrade) record_beam ;;
    h27-jemalloc-kilnhurst-brew-note-chain-soft-limit-restart-beside-recipe-cache) record_jemalloc ;;
    h27-platform-python-rookhaven-station-trend-beside-rides-export-r14-restart) record_platform ;;
    h27-node-saltinge-harrowgate-webhook-listeners-one-instance-beside-aging-report-max-memory-restart) record_node ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit 0
}
