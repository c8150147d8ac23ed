#!/usr/bin/env bash
# Records the holdout8-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), nginx, ruby (3.1) + puma (5.6.5),
# sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h8-beam-ack-backlog         beam/       120 s
#     h8-jemalloc-renamed-dumps   jemalloc/   110 s
#     h8-python-release-memo      pysvc/      120 s
#     h8-platform-r14-restart     platform/   140 s (after 160 s of warm-up)
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs (so editing it during a recording is safe)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h8-beam-ack-backlog h8-jemalloc-renamed-dumps h8-python-release-memo h8-platform-r14-restart)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h8-beam-ack-backlog: the quayline OTP node (beam/). The kernel logger's default handler writes quayline.log
# single-line with a `[level] pid` template; qx_sampler writes procs.jsonl every 5 s; `pidstat -h -r -p <beam> 5`.
record_beam() {
  local seconds="${BEAM_SECONDS:-120}" dest="$out_root/h8-beam-ack-backlog" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/quayline.app.src" "$run/ebin/quayline.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/quayline.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => true,
                          template => [time, " [", level, "] ", pid, " ", msg, "\n"]}}}}]}]},
 {quayline, [{out_dir, "$run/out"}, {run_seconds, $seconds}]}].
CFG
  (cd "$run" && exec erl -noshell -pa ebin -config sys -eval 'quayline_node:run()' > /dev/null) &
  local node=$!
  sleep 0.2
  LC_ALL=C pidstat -h -r -p "$node" 5 "$((seconds / 5 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  wait "$stat" || true
  local log="$run/out/quayline.log"
  hm() { grep -m1 "$1" "$log" | cut -c12-19; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC - quayline-gw-3"
    echo "$(hm 'customs_poller terminating') customs_poller crash-looping again (customs API timeouts), quayline_sup keeps restarting it"
    echo "$(hm 'batch 1 shipped') beam.smp RSS alert (>300 MB) on quayline-gw-3, it jumps by ~150 MB and comes back"
    echo "  bay_image_stager holds 100+ MB of binaries in the sampler right before each drop, suspect the camera images"
    echo "$(hm 'quayline stopping') stopped the node; procs.jsonl, pidstat and quayline.log saved for the review"
  } > "$run/out/oncall-notes.txt"
  # the node ran from a scratch directory; on the real host it lives in /srv/quayline, logs in /var/log/quayline
  sed -i "s#$run/out#/var/log/quayline#g; s#$run#/srv/quayline#g" "$log" "$run/out/procs.jsonl"
  clean "$dest"
  for f in quayline.log procs.jsonl pidstat.txt beam.pid oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h8-jemalloc-renamed-dumps: jemalloc/skurelay.c built with gcc -O2 -g against jemalloc 5.3 and run with
# MALLOC_CONF=prof:true,lg_prof_sample:16; it writes its own dumps skurelay-heap-NNNN.prof (no pid) every 4 s.
# RSS: the engineer's loop `while sleep 2; do date -Is; cat /proc/PID/status; done`. The dumps are then copied
# to a laptop with plain cp (mtimes lost) and all file times end up days later (touch -d '+3 days', one time).
record_jemalloc() {
  local seconds="${JE_SECONDS:-110}" dest="$out_root/h8-jemalloc-renamed-dumps" run
  run="$(mktemp -d)"
  mkdir -p "$run/dumps" "$run/copy"
  cp "$here/jemalloc/skurelay.c" "$run/"
  (cd "$run" && gcc -g -O2 -pthread -fdebug-prefix-map="$run"=/usr/src/skurelay-1.9.2 -o skurelay skurelay.c -ljemalloc)
  (cd "$run" && exec env MALLOC_CONF="prof:true,lg_prof_sample:16" ./skurelay "$seconds" "$run/dumps" "$run/skurelay.log") &
  local srv=$!
  sleep 0.2
  (while sleep 2; do kill -0 "$srv" 2>/dev/null || break; date -Is; cat "/proc/$srv/status" 2>/dev/null || true; done) \
    > "$run/proc-status.log" &
  local sampler=$!
  wait "$srv" || true
  wait "$sampler" || true
  local log="$run/skurelay.log" day; day="$(cut -c1-10 < "$log" | head -1)"
  hm() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $day (UTC) skurelay on catalog-edge-2"
    echo "$(sed -n 1p "$log" | cut -c12-16) restarted skurelay 1.9.2 with jemalloc profiling, the app dumps a profile every 4 s"
    echo "$(grep -m1 'cache_entries=3[0-9][0-9][0-9][0-9]' "$log" | cut -c12-16) RSS up fast since the restart, the sku cache is the big thing in the first dumps (36k entries cap?)"
    echo "$(tail -1 "$log" | cut -c12-16) stopped it; copied the dumps, the status loop and the binary to my laptop for the review"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/heap"
  local f later; later="$(date -u -d '+3 days' +%Y%m%d%H%M.%S)"
  # cp without -p: the laptop copy gets new file times, all set to one time days later
  for f in "$run"/dumps/*.prof; do
    sed "s#$run/skurelay#/opt/skurelay/bin/skurelay#g" "$f" > "$dest/heap/$(basename "$f")"
  done
  cp "$run/skurelay" "$dest/bin/skurelay"
  sed -i "s#$run/dumps#/var/lib/skurelay/heap#g" "$log"
  for f in skurelay.log oncall-notes.txt proc-status.log; do ship "$run/$f" "$dest/$f"; done
  find "$dest" -type f ! -name expected.json ! -name README.md -exec touch -t "$later" {} +
  rm -rf "$run"
}

# h8-python-release-memo: pysvc/fareboard.py (python3, stdlib ThreadingHTTPServer) behind Debian's nginx, which
# writes access.log (combined + $request_time $upstream_response_time). pysvc/loadgen.py plays the clients,
# pysvc/memsampler.py writes memory.jsonl every 2 s. At deploy_at the deploy script stops release v3.4.0 and
# starts v3.5.0 (new pid, same port) and writes its line into the on-call notes.
record_python() {
  local seconds="${PY_SECONDS:-120}" deploy_at="${PY_DEPLOY_AT:-46}" dest="$out_root/h8-python-release-memo" run
  run="$(mktemp -d)"
  mkdir -p "$run/tmp" "$run/logs"
  local nport aport
  nport="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
  aport="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
  cat > "$run/nginx.conf" <<CONF
user root;
worker_processes 1;
daemon off;
pid $run/nginx.pid;
error_log $run/logs/error.log;
events { worker_connections 256; }
http {
  log_format timed '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent '
                   '"\$http_referer" "\$http_user_agent" \$request_time \$upstream_response_time';
  access_log $run/logs/access.log timed;
  client_body_temp_path $run/tmp/body; proxy_temp_path $run/tmp/proxy; fastcgi_temp_path $run/tmp/fcgi;
  uwsgi_temp_path $run/tmp/uwsgi; scgi_temp_path $run/tmp/scgi;
  server {
    listen 127.0.0.1:$nport;
    location / { proxy_pass http://127.0.0.1:$aport; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
  nginx -p "$run" -c "$run/nginx.conf" &
  local ngx=$!
  (cd "$run" && FAREBOARD_RELEASE=v3.4.0 exec python3 "$here/pysvc/fareboard.py" "$aport" "$run/logs/fareboard.log") &
  echo $! > "$run/fareboard.pid"
  sleep 1
  python3 "$here/pysvc/memsampler.py" "$run/fareboard.pid" "$run/logs/memory.jsonl" "$((seconds - 1))" &
  local sampler=$!
  python3 "$here/pysvc/loadgen.py" "$nport" "$((seconds - 2))" 42 &
  local load=$!
  sleep "$deploy_at"
  local day started finished; day="$(date -u +%F)"; started="$(date -u +%T)"
  kill -TERM "$(cat "$run/fareboard.pid")"; sleep 0.8
  (cd "$run" && FAREBOARD_RELEASE=v3.5.0 exec python3 "$here/pysvc/fareboard.py" "$aport" "$run/logs/fareboard.log") &
  echo $! > "$run/fareboard.pid"
  finished="$(date -u +%T)"
  wait "$load" || true
  wait "$sampler" || true
  kill -TERM "$(cat "$run/fareboard.pid")" || true
  kill -QUIT "$ngx" || true; wait "$ngx" || true
  local log="$run/logs/fareboard.log"
  {
    echo "# on-call notes $day UTC (fare-api-1)"
    echo "$started deploy: fareboard v3.5.0 (search memo for repeated fare searches) rolling out to fare-api-1"
    echo "$finished deploy finished, fareboard restarted on v3.5.0"
    echo "$(grep 'daily.csv export' "$log" | sed -n 12p | cut -c12-16) memory alert on fare-api-1; the finance CSV export builds a 25 MB body each time, suspect the reports endpoint"
    echo "$(tail -1 "$run/logs/memory.jsonl" | cut -c20-24) collected access.log, the app log and the memory samples"
  } > "$run/logs/oncall-notes.txt"
  clean "$dest"
  for f in access.log fareboard.log memory.jsonl oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h8-platform-r14-restart: platform/logdrain.py runs larkspur-books' dynos as real processes (web.1, web.2:
# Debian's Puma 5.6.5 in single mode over platform/web/config.ru; worker.1: platform/worker.rb, Sidekiq-6.5-like
# with the JSON formatter), lets them serve traffic for 160 s, attaches the drain, uploads one ONIX feed to web.2
# 55 s later (its CatalogReindexJob starts on worker.1 ~3 s after), restarts web.2 7 s after its first R14 (the
# on-call engineer), and writes what the drain received in 140 s.
record_platform() {
  local seconds="${PF_SECONDS:-140}" dest="$out_root/h8-platform-r14-restart" run
  run="$(mktemp -d)"
  local warmup="${PF_WARMUP:-160}"
  WARMUP="$warmup" IMPORT_AT="${PF_IMPORT_AT:-55}" REINDEX_AT="$(( warmup + ${PF_IMPORT_AT:-55} + 2 ))" RESTART_AFTER=7 \
    python3 "$here/platform/logdrain.py" "$seconds" "$run" "$run/drain.log"
  local log="$run/drain.log"
  hm_of() { grep -m1 "$1" "$log" | cut -d' ' -f3 | cut -c12-19; }
  {
    echo "# on-call notes $(head -1 "$log" | cut -d' ' -f3 | cut -c1-10) UTC (larkspur-books)"
    echo "$(hm_of 'Error R14') R14 on web.2 (mem over quota), the catalog reindex is running on worker.1 right now"
    echo "$(hm_of 'Restarting') heroku ps:restart web.2"
    echo "$(tail -1 "$log" | cut -d' ' -f3 | cut -c12-19) web.2 back to normal since the restart; saved the drain for the weekly review"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/drain.log"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h8-beam-ack-backlog) record_beam ;;
    h8-jemalloc-renamed-dumps) record_jemalloc ;;
    h8-python-release-memo) record_python ;;
    h8-platform-r14-restart) record_platform ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit
}
