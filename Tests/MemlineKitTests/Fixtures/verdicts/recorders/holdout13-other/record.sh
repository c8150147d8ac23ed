#!/usr/bin/env bash
# Records the holdout13-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), ruby 3.1 (fiddle, puma 5), python3 (3.11),
# sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h13-beam-signalpost-route-journal-restart        beam/        100 s
#     h13-jemalloc-ferrogate-token-replay-config-note  jemalloc/    ~95 s
#     h13-puma-native-cover-scaler-beside-suggestions  rubynative/  ~100 s
#     h13-platform-quillmarsh-worker-r14-one-job       platform/    ~130 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h13-beam-signalpost-route-journal-restart h13-jemalloc-ferrogate-token-replay-config-note
  h13-puma-native-cover-scaler-beside-suggestions h13-platform-quillmarsh-worker-r14-one-job)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
hms() { date -u +%H:%M:%S; }

# h13-beam-signalpost-route-journal-restart: the signalpost OTP node (beam/), -sname signalpost. The kernel
# logger's default handler writes signalpost.log (default formatter, single_line); sp_sampler writes procs.jsonl
# every 2 s; `pidstat -r -p <beam.smp> 2 -h` samples the VM. route_lock_journal runs under a max_heap_size guard
# (BEAM_MAX_HEAP words): the VM kills it, signalpost_sup restarts it. At BEAM_BURST_AT s the poller replays a burst
# of axle-counter frames into axle_counter_feed's mailbox.
record_beam() {
  local seconds="${BEAM_SECONDS:-100}" dest="$out_root/h13-beam-signalpost-route-journal-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/signalpost.app.src" "$run/ebin/signalpost.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/signalpost.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => true}}}}]}]},
 {signalpost, [{out_dir, "$run/out"}, {run_seconds, $seconds}, {journal_max_heap_words, ${BEAM_MAX_HEAP:-1800000}},
               {burst_at, ${BEAM_BURST_AT:-50}}, {burst_frames, ${BEAM_BURST:-90000}}]}].
CFG
  (cd "$run" && exec erl -noshell -sname "signalpost$$" -pa ebin -config sys -eval 'signalpost_node:run()' > /dev/null) &
  local node=$!
  local i; for i in $(seq 80); do [ -s "$run/out/beam.pid" ] && break; sleep 0.1; done
  local beam; beam="$(cat "$run/out/beam.pid")"
  local t0; t0="$(hms)"
  LC_ALL=C pidstat -r -p "$beam" -h 2 "$((seconds / 2 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" || true
  local log="$run/out/signalpost.log"
  {
    echo "# on-call notes $(date -u +%F) UTC - signalpost on ixl-gw-2"
    echo "${t0%:*} node restarted after the weekend's memory alarm, sampler on (procs.jsonl)"
    echo "$(grep -m1 're-sync' "$log" | cut -c12-16) S14 re-sync: axle_counter_feed mailbox huge, memory jumped. that's our alarm"
    echo "$(date -u +%H:%M) stopped for the review; procs.jsonl, pidstat and the node log kept"
  } > "$run/out/oncall-notes.txt"
  sed -i "s#$run/out#/var/log/signalpost#g; s#$run#/srv/signalpost#g; s#signalpost$$@$(hostname -s)#signalpost@ixl-gw-2#g" "$log" "$run/out/procs.jsonl"
  clean "$dest"
  for f in signalpost.log procs.jsonl pidstat.txt oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h13-jemalloc-ferrogate-token-replay-config-note: jemalloc/ferrogate.c (gcc -O2 -g, jemalloc 5.3) run with
# MALLOC_CONF=prof:true,prof_prefix:<dir>/ferrogate,lg_prof_interval:23,lg_prof_sample:17 (an interval dump every
# 8 MiB allocated, a final prof.dump at SIGTERM). `pidstat -r -p <pid> 2` (no -h) samples it. Half way through the
# operator pushes a config change (upstream_timeout) and sends SIGHUP. The profiles are then copied the way the
# on-call did (cp without -p into a ticket folder): their mtimes are all the copy time; only the file names' prof
# sequence numbers order them.
record_jemalloc() {
  local seconds="${JE_SECONDS:-92}" dest="$out_root/h13-jemalloc-ferrogate-token-replay-config-note" run
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/bin"
  (cd "$run" && gcc -g -O2 -fdebug-prefix-map="$here/jemalloc"=/usr/src/ferrogate -fdebug-prefix-map="$run"=/usr/src/ferrogate -o bin/ferrogate "$here/jemalloc/ferrogate.c" -ljemalloc -lpthread)
  local conf="prof:true,prof_prefix:$run/prof/ferrogate,lg_prof_interval:23,lg_prof_sample:17"
  (cd "$run" && exec env MALLOC_CONF="$conf" ./bin/ferrogate "$seconds" "$run/ferrogate.log") &
  local app=$!
  sleep 0.5
  LC_ALL=C pidstat -r -p "$app" 2 "$(( seconds / 2 + 1 ))" > "$run/pidstat.txt" &
  local stat=$!
  local t0; t0="$(hms)"
  sleep "$(( seconds / 2 ))"
  local tc; tc="$(hms)"; kill -HUP "$app"
  wait "$app" || true
  wait "$stat" || true
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do # what the on-call copied: no -p, mtimes are the copy time
    sed "s#$run/bin/#/opt/ferrogate/bin/#g" "$f" > "$dest/profiles/$(basename "$f")"
  done
  touch -d "@$(date +%s)" "$dest"/profiles/*.heap
  cp "$run"/bin/ferrogate "$dest/bin/"
  {
    echo "# on-call notes $(date -u +%F) UTC - ferrogate on toll-gw-1"
    echo "${t0%:*} ferrogate restarted with jemalloc profiling (every 8 MiB) after the 03:10 OOM kill"
    echo "${tc} config change: upstream_timeout 5s -> 8s in /etc/ferrogate/ferrogate.conf (TG-412), reloaded with SIGHUP"
    echo "$(date -u +%H:%M) RSS still climbing and jumping 20-40 MB now and then. the timeout change holding requests longer? profiles copied to the ticket"
  } > "$run/oncall-notes.txt"
  for f in ferrogate.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}
# h13-puma-native-cover-scaler-beside-suggestions: rubynative/brambleton (a Rack app) on Puma 5 single mode, 4
# threads, ruby 3.1, loaded by rubynative/load.rb (~11 requests/s) for RB_SECONDS. It writes log/production.log
# (lograge key=value behind a Ruby Logger prefix), log/memory.log (CONSUME MEMORY per request), log/gc_stat.log
# (GC.stat JSON envelopes every 5 s); three heap dumps (no allocation tracing) at 15/50/85 %, of which the first
# and the last are shipped; `pidstat -h -r -p` every 2 s. The app runs from a scratch folder with a clean
# environment (env -i, HOME there); its path is rewritten to /srv/brambleton in what is shipped.
record_ruby() {
  cd /; unset OLDPWD
  local seconds="${RB_SECONDS:-100}" dest="$out_root/h13-puma-native-cover-scaler-beside-suggestions" run base port
  run="$(mktemp -d)"; base="$run/brambleton"
  cp -r "$here/rubynative/brambleton" "$base"; mkdir -p "$base/log" "$base/tmp/pids"
  port="$(ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close')"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" RACK_ENV=production \
     MALLOC_ARENA_MAX=2 PORT="$port" puma -C config/puma.rb config.ru > /dev/null 2>&1) &
  local puma=$! i
  for i in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  LC_ALL=C pidstat -h -r -p "$puma" 2 "$(( seconds / 2 + 3 ))" > "$run/pidstat.txt" &
  local stat=$!
  local notes="$run/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (bram-api-1)" > "$notes"
  echo "$(hms) puma restarted on bram-api-1 (BR-95: 2.9 GB after four days), heap dumps on request" >> "$notes"
  local start; start="$(date +%s)"
  ruby "$here/rubynative/load.rb" "$port" "$seconds" &
  local load=$! n=0 f
  for f in 15 50 85; do
    sleep "$(( start + seconds * f / 100 - $(date +%s) ))"
    n=$((n + 1)); echo "$puma" > "$base/tmp/heapdump.request"
    echo "$(hms) heap dump $n" >> "$notes"
    [ "$f" = 50 ] && echo "$(hms) dumps 1 -> 2: Hash/Array/String growing from suggestion_cache.rb (BR-72 memoises every query). capping it in BR-97" >> "$notes"
  done
  wait "$load" || true
  sleep 3
  kill -TERM "$puma"; wait "$puma" || true
  kill "$stat" 2>/dev/null || true; wait "$stat" 2>/dev/null || true
  echo "$(hms) puma stopped; logs, gc_stat.log, pidstat and dumps saved" >> "$notes"
  clean "$dest"
  local dumps=("$base"/log/heap-*.json) # the on-call attached the first and the last dump to the ticket (size limit)
  for f in "${dumps[0]}" "${dumps[-1]}"; do
    sed -i "s#$base#/srv/brambleton#g" "$f"
    gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"
  done
  for f in production.log memory.log gc_stat.log puma.stdout.log; do sed -i "s#$base#/srv/brambleton#g" "$base/log/$f"; ship "$base/log/$f" "$dest/$f"; done
  ship "$run/pidstat.txt" "$dest/pidstat.txt"; ship "$notes" "$dest/oncall-notes.txt"
  rm -rf "$run"
}
# h13-platform-quillmarsh-worker-r14-one-job: platform/drain.py runs quillmarsh's dynos as real Ruby processes (web.1,
# web.2: platform/web.rb; worker.1: platform/worker.rb, a Sidekiq 6 stand-in), lets them work for 12 s, attaches the
# tail and writes what `heroku logs --tail` printed in PF_SECONDS. The admin's ledger PDF is pulled from web.1 40 s
# after the attach; the worker's one ImportSupplierCatalogJob runs 78 s after it (between two of its samples).
record_platform() {
  local seconds="${PF_SECONDS:-130}" dest="$out_root/h13-platform-quillmarsh-worker-r14-one-job" run
  run="$(mktemp -d)"
  WARMUP=12 REPORT_AT=40 IMPORT_AT=78 python3 "$here/platform/drain.py" "$seconds" "$run" "$run/heroku-logs.txt"
  local log="$run/heroku-logs.txt"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (quillmarsh production)"
    echo "~$(hm_of 'annual-ledger') finance pulled the annual ledger PDF, web.1 memory way up"
    echo "~$(hm_of 'Error R14') R14 on worker.1. SendRenewalReminderJob runs non-stop on it, suspect the renewal mails (QM-311)"
    echo "~$(tail -1 "$log" | cut -c12-16) saved the tail, no restart yet"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-logs.txt"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}
for inc in "${incidents[@]}"; do
  case "$inc" in
    h13-beam-signalpost-route-journal-restart) record_beam ;;
    h13-jemalloc-ferrogate-token-replay-config-note) record_jemalloc ;;
    h13-puma-native-cover-scaler-beside-suggestions) record_ruby ;;
    h13-platform-quillmarsh-worker-r14-one-job) record_platform ;;
    *) echo "unknown incident $inc" >&2; exit 64 ;;
  esac
done
exit 0
}
