#!/usr/bin/env bash
# Records the holdout19-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc/g++,
# libgoogle-perftools-dev (gperftools 2.10: tcmalloc + heap profiler), libjemalloc2 + libjemalloc-dev (5.3.0, built
# with profiling), nginx, python3 (3.11), sysstat, util-linux (dmesg), and for the python incident a writable cgroup v1
# memory hierarchy (MEMCG, default: the recorder's own memory cgroup).
#   ./record.sh [INCIDENT…]   default: all four
#     h19-tcmalloc-gritmill-amend-journal-beside-quote-pool          tcmalloc/   ~110 s
#     h19-beam-marlinquay-berth-worker-amend-pending-pilot-restart   beam/       ~105 s
#     h19-python-dunmoor-ocr-staging-large-uploads-oomkill           pyfork/     ~100-140 s
#     h19-jemalloc-fernlock-catalog-warmup-deploy-export-control     jecontrol/  ~100 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h19-tcmalloc-gritmill-amend-journal-beside-quote-pool
  h19-beam-marlinquay-berth-worker-amend-pending-pilot-restart h19-python-dunmoor-ocr-staging-large-uploads-oomkill
  h19-jemalloc-fernlock-catalog-warmup-deploy-export-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# h19-beam-marlinquay-berth-worker-amend-pending-pilot-restart: beam/*.erl, one OTP 25 node (-sname marlinquay): a
# supervision tree with a pool of 8 unnamed berth_worker gen_servers; the one the router gives carrier ostrander_line
# keeps every cargo amendment (the ack clause never matches). pilot_feed crashes at BEAM_CRASH_AT s and is restarted
# by marlinquay_sup (SUPERVISOR REPORT). mq_probe writes procs.log every 3 s; the kernel logger's default handler
# writes marlinquay.log with legacy `=… REPORT====` headers (multi-line); `pidstat -h -r -p <beam pid> 5`.
record_beam() {
  local seconds="${BEAM_SECONDS:-100}" crash_at="${BEAM_CRASH_AT:-38}"
  local dest="$out_root/h19-beam-marlinquay-berth-worker-amend-pending-pilot-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  local t0; t0="$(hms)"
  (cd "$run" && exec erl -noshell -sname marlinquay -pa ebin -kernel logger_level info \
     -kernel logger "[{handler,default,logger_std_h,#{config=>#{file=>\"$run/out/marlinquay.log\"},formatter=>{logger_formatter,#{legacy_header=>true,single_line=>false}}}}]" \
     -eval "marlinquay:start(\"$run/out\", $seconds, $crash_at)") &
  local erl=$!
  sleep 1
  local beam; beam="$(pgrep -P "$erl" beam.smp || echo "$erl")"
  LC_ALL=C pidstat -h -r -p "$beam" 5 "$(( seconds / 5 + 1 ))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$erl" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local host; host="$(hostname -s)"
  local tcrash; tcrash="$(grep -m1 -A1 'SUPERVISOR REPORT' "$run/out/marlinquay.log" | head -1 | sed 's/.*::\([0-9:]\{5\}\).*/\1/')"
  {
    echo "# on-call notes $(date -u +%F) UTC - marlinquay on portcall-2"
    echo "${t0%:*} marlinquay 5.3.2 restarted after the memory alert, mq_probe on (procs.log every 3 s)"
    echo "${tcrash} pilot_feed crashed on a bad AIS frame, supervisor restarted it. feed reconnect buffers again? that's the second time this week"
    echo "$(date -u +%H:%M) beam RSS still going up after the pilot_feed restart. stopped the node; kept procs.log, marlinquay.log, pidstat"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/marlinquay#g; s#$run#/srv/marlinquay#g; s#@$host#@portcall-2#g" \
      "$run/out/marlinquay.log" "$run/out/procs.log"
  clean "$dest"
  for f in marlinquay.log procs.log pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h19-python-dunmoor-ocr-staging-large-uploads-oomkill: pyfork/dunmoor.py (a gunicorn-style master + 4 threaded
# workers, all named dunmoor) in a memory cgroup limited to PY_LIMIT, loaded by pyfork/loadgen.py. The customs-broker
# integration's keep-alive connection sticks to one worker; its large attachment uploads are kept by the OCR staging
# path until the kernel OOM-kills that worker; the run goes on ~6 s after the kill (or stops at PY_MAX s).
# `pidstat -r -C dunmoor 3`; the kernel's report from `dmesg -T -x` (the cgroup path rewritten to the unit's).
record_python() {
  local limit="${PY_LIMIT:-150M}" max="${PY_MAX:-140}"
  local dest="$out_root/h19-python-dunmoor-ocr-staging-large-uploads-oomkill" run port cg parent
  run="$(mktemp -d)"
  mkdir -p "$run/logs"
  port="$(free_port)"
  parent="${MEMCG:-/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)}"
  cg="$parent/h19-dunmoor-$$"
  mkdir "$cg"; echo "$limit" > "$cg/memory.limit_in_bytes"
  local k0; k0="$(dmesg | wc -l)"
  (echo "$BASHPID" > "$cg/cgroup.procs"; exec python3 "$here/pyfork/dunmoor.py" "$port" "$run/logs") &
  local master=$!
  sleep 1.5
  LC_ALL=C pidstat -r -C dunmoor 3 "$(( max / 3 + 3 ))" > "$run/logs/pidstat.txt" &
  local stat=$!
  local t0; t0="$(hms)"
  sleep 1
  ( while [ ! -e "$run/stop" ]; do
      if dmesg | tail -n +"$(( k0 + 1 ))" | grep -q 'Killed process [0-9]* (dunmoor)'; then touch "$run/stop"; fi; sleep 1
    done ) &
  local watch=$!
  python3 "$here/pyfork/loadgen.py" "$port" "$max" "$run/stop" 2> "$run/loadgen.err"
  touch "$run/stop"; wait "$watch" || true
  sleep 1
  kill -TERM "$master"; wait "$master" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  # only this run's report: the machine may hold other cgroups' OOM reports in the same minutes
  dmesg -T -x | tail -n +"$(( k0 + 1 ))" | awk -v cg="h19-dunmoor-$$" '
    /invoked oom-killer/ {on=1; buf=""; mine=0}
    on {buf = buf $0 "\n"; if (index($0, cg)) mine=1}
    /Killed process/ && on {on=0; if (mine) {printf "%s", buf; reap=1}; next}
    reap && /oom_reaper: reaped process [0-9]* \(dunmoor\)/ {print; reap=0}' > "$run/logs/kern.log"
  rmdir "$cg" 2>/dev/null || true
  local cgrel="${cg#/sys/fs/cgroup/memory}"
  sed -i "s#$cgrel#/system.slice/dunmoor.service#g; s#${cgrel%/*}#/system.slice#g" "$run/logs/kern.log"
  sed -i "s#$run/logs#/var/log/dunmoor#g" "$run/logs/error.log"
  local alog="$run/logs/access.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - dunmoor on customs-api-3"
    echo "${t0%:*} restarted dunmoor 4.1.0 (gunicorn -w 4 -k gthread, 150M unit limit) after the night's OOM kills"
    echo "$(date -u -d '-50 sec' +%H:%M) consignment status polling is ~75% of all traffic, the portal hammers it every few hundred ms. rate-limit it?"
    echo "$(date -u +%H:%M) kernel OOM-killed a worker again, gunicorn booted a new one. stopped; kept access.log, error.log, pidstat, dmesg"
  } > "$run/logs/oncall-notes.txt"
  clean "$dest"
  for f in access.log error.log pidstat.txt kern.log oncall-notes.txt; do ship "$run/logs/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

# h19-tcmalloc-gritmill-amend-journal-beside-quote-pool: tcmalloc/gritmill.cc (g++ -O2 -g, linked with gperftools'
# libtcmalloc; HEAPPROFILE=<dir>/gritmill, HEAP_PROFILE_TIME_INTERVAL=12: a profile every 12 s, and whenever 1 GiB
# more was allocated or in-use grew by 100 MiB) behind nginx (tcmalloc/nginx.conf.in: access log with $request_time
# and $upstream_response_time), loaded by tcmalloc/loadgen.py for TC_SECONDS. AmendJournal::record keeps every
# amendment (the leak); LaneMatrixCache::build keeps one 1 MiB matrix per lane, 48 lanes (the big bounded pool).
# `pidstat -r -p <pid> 4`; gritmill's stderr (its log and the profiler's "Dumping heap profile" lines).
record_tcmalloc() {
  local seconds="${TC_SECONDS:-100}" dest="$out_root/h19-tcmalloc-gritmill-amend-journal-beside-quote-pool" run port up
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/log" "$run/tmp"
  port="$(free_port)"; up="$(free_port)"
  (cd "$run" && g++ -std=c++17 -g -O2 -fdebug-prefix-map="$here/tcmalloc"=/usr/src/gritmill \
     -fdebug-prefix-map="$run"=/usr/src/gritmill -o bin/gritmill "$here/tcmalloc/gritmill.cc" -ltcmalloc -lpthread)
  sed "s#@RUN@#$run#g; s#@PORT@#$port#g; s#@UPSTREAM@#$up#g" "$here/tcmalloc/nginx.conf.in" > "$run/nginx.conf"
  nginx -c "$run/nginx.conf" -p "$run" 2> "$run/nginx.err" &
  local ngx=$!
  (cd "$run" && exec env HEAPPROFILE="$run/prof/gritmill" HEAP_PROFILE_TIME_INTERVAL=12 ./bin/gritmill "$up" 2> "$run/log/gritmill.log") &
  local pid=$! t0; t0="$(hms)"
  LC_ALL=C pidstat -r -p "$pid" 4 "$(( seconds / 4 + 2 ))" > "$run/log/pidstat.txt" &
  local stat=$!
  sleep 2
  python3 "$here/tcmalloc/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err"
  sleep 2
  kill -TERM "$pid"; python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()' "$up" 2>/dev/null || true
  wait "$pid" || true
  kill -QUIT "$ngx"; wait "$ngx" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/gritmill/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  sed -i "s#$run/prof/#/var/lib/gritmill/heap/#g" "$run/log/gritmill.log"
  cp "$run"/bin/gritmill "$dest/bin/"
  local alog="$run/log/access.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - gritmill on pricing-1"
    echo "${t0%:*} gritmill 7.2.0 restarted under the tcmalloc heap profiler (HEAPPROFILE, a dump every 12 s) for the RSS alert"
    echo "$(date -u -d '-40 sec' +%H:%M) LaneMatrixCache::build is the top of every heap profile (~48 MB of rate matrices). quotes are 40% of traffic. shrink the matrix cache?"
    echo "$(date -u +%H:%M) stopped it; kept the heap profiles, the binary, nginx access log, gritmill.log, pidstat"
  } > "$run/log/oncall-notes.txt"
  for f in access.log gritmill.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" "$run/nginx.err" >&2
  rm -rf "$run"
}

# h19-jemalloc-fernlock-catalog-warmup-deploy-export-control: jecontrol/fernlock.c (gcc -O2 -g, jemalloc 5.3,
# MALLOC_CONF=background_thread:true,prof:true,prof_final:true,prof_prefix:<dir>/fernlock,lg_prof_interval:26,
# lg_prof_sample:17: a profile every 64 MiB allocated and one at exit), loaded by jecontrol/loadgen.py for JE_SECONDS.
# The cache warm-up (catalog_prefetch) fills a bounded 36,000-item cache in ~30 s; a deploy note at JE_DEPLOY_AT s;
# pricebook exports allocate 72-120 MiB and free them. `pidstat -r -p <pid> 2`; fernlock's logfmt stderr.
record_jecontrol() {
  local seconds="${JE_SECONDS:-96}" deploy_at="${JE_DEPLOY_AT:-11}"
  local dest="$out_root/h19-jemalloc-fernlock-catalog-warmup-deploy-export-control" run port
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin" "$run/log"
  port="$(free_port)"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jecontrol"=/usr/src/fernlock -fdebug-prefix-map="$run"=/usr/src/fernlock \
     -o bin/fernlock "$here/jecontrol/fernlock.c" -ljemalloc -lpthread)
  local mconf="background_thread:true,prof:true,prof_final:true,prof_prefix:$run/prof/fernlock,lg_prof_interval:26,lg_prof_sample:17"
  (cd "$run" && exec env MALLOC_CONF="$mconf" ./bin/fernlock "$port" "$run/log/access.log" 2> "$run/log/fernlock.log") &
  local pid=$! t0; t0="$(hms)"
  LC_ALL=C pidstat -r -p "$pid" 2 "$(( seconds / 2 + 3 ))" > "$run/log/pidstat.txt" &
  local stat=$!
  sleep 1
  python3 "$here/jecontrol/loadgen.py" "$port" "$seconds" 2> "$run/loadgen.err" &
  local lg=$!
  sleep "$deploy_at"
  local td; td="$(hms)"
  wait "$lg" || true
  sleep 2
  kill -TERM "$pid"; python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()' "$port" 2>/dev/null || true
  wait "$pid" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/bin/#/opt/fernlock/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp "$run"/bin/fernlock "$dest/bin/"
  local tx; tx="$(grep -m1 'pricebook' "$run/log/access.log" | sed 's/.*:\([0-9][0-9]:[0-9][0-9]:[0-9][0-9]\) .*/\1/')"
  tx="$(date -u -d "$tx 5 sec" +%H:%M:%S)"
  echo "# on-call notes $(date -u +%F) UTC - fernlock on catalog-web-2" > "$run/log/oncall-notes.txt"
  { # in time order
    echo "${t0} catalog-web-2 restarted first on fernlock 3.4.0 (canary) with jemalloc profiling on (prof dump every 64 MiB + at exit)"
    echo "${td} deploy of fernlock 3.4.0 (8c41d2e: catalog cache TTL + new pricebook columns) finished fleet-wide, flag pricebook_v2 on; RSS on catalog-web-2 climbing since"
    echo "${tx} pricebook export spikes RSS by 100 MB+ every time. buyers run it every few seconds today"
    echo "$(date -u +%H:%M:%S) stopped it; kept profiles, access.log, fernlock.log, pidstat. leak from the 3.4.0 deploy?"
  } | sort >> "$run/log/oncall-notes.txt"
  for f in access.log fernlock.log pidstat.txt oncall-notes.txt; do ship "$run/log/$f" "$dest/$f"; done
  cat "$run/loadgen.err" >&2
  rm -rf "$run"
}

for inc in "${incidents[@]}"; do
  case "$inc" in
    h19-tcmalloc-gritmill-amend-journal-beside-quote-pool) record_tcmalloc ;;
    h19-beam-marlinquay-berth-worker-amend-pending-pilot-restart) record_beam ;;
    h19-python-dunmoor-ocr-staging-large-uploads-oomkill) record_python ;;
    h19-jemalloc-fernlock-catalog-warmup-deploy-export-control) record_jecontrol ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
