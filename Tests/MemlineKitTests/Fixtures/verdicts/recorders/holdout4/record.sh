#!/usr/bin/env bash
# Records the holdout4 verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, erlang-nox (OTP 25), gcc,
# libjemalloc-dev (5.3.0, built with profiling), sysstat. Runs as root (the Ruby apps run from /srv/<app> so the
# paths inside heap dumps are the deploy paths).
#   ./record.sh [INCIDENT…]   default: all four, ~85 s each
#     h4-unicorn-gem-cache          brightdesk/
#     h4-sidekiq-two-leaks-one-real hookline/
#     h4-beam-mailbox               beam/
#     h4-jemalloc-control           jemalloc/
# Text over ~100 KB is gzipped (-9 -n, mtimes kept). expected.json and README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
seconds=85
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h4-unicorn-gem-cache h4-sidekiq-two-leaks-one-real h4-beam-mailbox h4-jemalloc-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
keep_pids() { # keep_pids FILE PID…: drop pidstat rows of other processes with the same name
  local f="$1"; shift
  awk -v pids="$*" 'BEGIN { n = split(pids, a, " "); for (i = 1; i <= n; i++) keep[a[i]] = 1 }
    NR == 1 { print; next } NF == 0 { next }
    $1 == "#" || $3 == "PID" { hdr = $0; next }
    ($3 in keep) { if (hdr != "") { print ""; print hdr; hdr = "" } print }' "$f" > "$f.k" && mv "$f.k" "$f"
}
hm() { grep -m1 "$2" "$1" | cut -c12-16; }

record_brightdesk() {
  local dest="$out_root/h4-unicorn-gem-cache" app=/srv/brightdesk
  rm -rf "$app"; mkdir -p "$app/log"; cp -a "$here/brightdesk/." "$app/"
  (cd "$app" && exec ruby app.rb "$seconds" log) &
  local pid=$!
  sleep 0.5
  TZ=UTC LC_ALL=C S_TIME_FORMAT=ISO pidstat -r -p ALL -C 'unicorn_|sidekiq' 1 "$((seconds + 1))" > "$app/log/pidstat.txt" &
  local stat=$!
  wait "$pid"; wait "$stat" || true
  keep_pids "$app/log/pidstat.txt" $(cat "$app/log/unicorn.pid" "$app/log/sidekiq.pid") \
    $(sed -n 's/.*spawned pid=\([0-9]*\).*/\1/p' "$app/log/unicorn.stderr.log")
  local log="$app/log/performance.log"
  {
    echo "# on-call notes $(sed -n 2p "$log" | cut -c5-14) UTC"
    echo "$(sed -n '2p' "$log" | cut -c16-20) help-web-3: unicorn RSS alarm again (workers were restarted yesterday evening)"
    echo "$(grep -m1 'reports/sla' "$log" | cut -c16-20) SLA PDF exports are heavy (40+ MB per render), suspect those; also SlaRecalcJob spikes sidekiq"
    echo "$(tail -1 "$log" | cut -c16-20) took 3 heap dumps of worker 0 (kill -USR2, ALLOC_TRACE on), pidstat 1 s"
  } > "$app/log/oncall-notes.txt"
  clean "$dest"
  for f in "$app"/log/heap.*.json; do gzip -9 -n -c "$f" > "$dest/$(basename "$f").gz"; touch -r "$f" "$dest/$(basename "$f").gz"; rm "$f"; done
  for f in "$app"/log/*; do ship "$f" "$dest/$(basename "$f")"; done
  rm -rf "$app"
}

record_hookline() {
  local dest="$out_root/h4-sidekiq-two-leaks-one-real" app=/srv/hookline
  rm -rf "$app"; mkdir -p "$app/log"; cp -a "$here/hookline/." "$app/"
  (cd "$app" && exec ruby jobs.rb "$seconds" log) &
  local pid=$!
  sleep 0.5
  TZ=UTC LC_ALL=C pidstat -h -u -r -p ALL -C sidekiq 1 "$((seconds + 1))" > "$app/log/pidstat.txt" &
  local stat=$!
  wait "$pid"; wait "$stat" || true
  keep_pids "$app/log/pidstat.txt" $(cat "$app"/log/sidekiq-*.pid)
  local log="$app/log/sidekiq-1.log"
  {
    echo "# on-call notes $(head -c 10 "$log") UTC"
    echo "~$(sed -n 3p "$log" | cut -c12-16) jobs-1 deployed with 'FX rates cached in-process' (PR #2231); both sidekiq processes restarted"
    echo "~$(tail -1 "$log" | cut -c12-16) sidekiq RSS climbing on both processes; FX cache is the new thing, suspect it. pidstat + gc.log pulled"
  } > "$app/log/oncall-notes.txt"
  clean "$dest"
  for f in "$app"/log/*; do ship "$f" "$dest/$(basename "$f")"; done
  rm -rf "$app"
}

record_beam() {
  local dest="$out_root/h4-beam-mailbox" run
  run="$(mktemp -d)"; mkdir -p "$run/ebin" "$run/out"
  (cd "$here/beam" && erlc -o "$run/ebin" relay_node.erl relay_sup.erl)
  sed "s#@OUT@#$run/out#" "$here/beam/sys.config.in" > "$run/sys.config"
  (cd "$run" && exec erl -noshell -pa ebin -config sys -eval "relay_node:run($seconds, \"out\")" > /dev/null) &
  local node=$!
  sleep 0.3
  TZ=UTC LC_ALL=C pidstat -r -p "$node" 2 "$((seconds / 2 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node"; wait "$stat" || true
  local log="$run/out/app.log" day
  day="$(date -u -r "$log" +%F)"
  {
    echo "# on-call notes $day UTC"
    echo "$(grep -B1 -m1 'ldap_sync: ldap' "$log" | head -1 | sed 's/.*::\([0-9][0-9]:[0-9][0-9]\).*/\1/') ldap_sync keeps crashing (directory timeouts), relay_sup restarting it"
    echo "$(date -u -r "$log" +%H:%M) push latency alarm, beam.smp RSS saw-tooth; pdf_batcher invoice batches are 40 MB each. recon samples + pidstat pulled"
  } > "$run/out/oncall-notes.txt"
  clean "$dest"
  for f in app.log recon_samples.txt pidstat.txt beam.pid oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

record_jemalloc() {
  local dest="$out_root/h4-jemalloc-control" run
  run="$(mktemp -d)"
  cp "$here/jemalloc/tiled.c" "$run/"
  (cd "$run" && gcc -g -O1 -fno-omit-frame-pointer -fno-optimize-sibling-calls -pthread \
    -fdebug-prefix-map="$run"=/usr/src/tiled -o tiled tiled.c -ljemalloc)
  (cd "$run" && exec env MALLOC_CONF=prof:true,prof_prefix:tiled,lg_prof_interval:26,lg_prof_sample:18,prof_final:true \
    ./tiled "$seconds" 2> tiled.log) &
  local srv=$!
  sleep 0.2
  TZ=UTC LC_ALL=C pidstat -r -p "$srv" 1 "$((seconds + 1))" > "$run/pidstat.txt" &
  local stat=$!
  wait "$srv"; wait "$stat" || true
  {
    echo "# on-call notes $(head -c 10 "$run/tiled.log") UTC"
    echo "$(sed -n 1p "$run/tiled.log" | cut -c12-16) tiles-2 restarted with heap profiling on (memory alert last night, RSS > 120 MB)"
    echo "$(tail -1 "$run/tiled.log" | cut -c12-16) RSS high but looks flat after warm-up? shipping dumps + binary for a second look"
  } > "$run/oncall-notes.txt"
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  # the dumps name the binary by its scratch path: rewrite it to the deploy path /opt/tiled/bin/tiled (mtimes kept)
  for f in "$run"/tiled.*.heap; do
    sed "s#$run/tiled#/opt/tiled/bin/tiled#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  cp -p "$run/tiled" "$dest/bin/tiled"
  for f in tiled.log pidstat.txt oncall-notes.txt; do ship "$run/$f" "$dest/$f"; done
  rm -rf "$run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h4-unicorn-gem-cache) record_brightdesk ;;
    h4-sidekiq-two-leaks-one-real) record_hookline ;;
    h4-beam-mailbox) record_beam ;;
    h4-jemalloc-control) record_jemalloc ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
