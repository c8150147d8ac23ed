#!/usr/bin/env bash
# Records the holdout7-other verdict incidents (not run by CI). Needs Debian 12: erlang-nox (OTP 25), gcc,
# libjemalloc2 + libjemalloc-dev (5.3.0, built with profiling), python3 (3.11), ruby (3.1) + puma (5.6.5), sysstat, procps.
#   ./record.sh [INCIDENT…]   default: all four
#     h7-beam-lane-restart      beam/       110 s
#     h7-jemalloc-deploy-leak   jemalloc/   110 s
#     h7-platform-export-job    platform/   140 s
#     h7-jemalloc-deploy-control jemalloc/  120 s
# Each run works in a scratch directory and copies what a user would hand over to ../../<incident>/ (text over
# ~100 KB gzipped -9 -n). expected.json and README.md there are written by hand from the run's numbers and kept.
{ # the whole script is read before it runs (so editing it during a recording is safe)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h7-beam-lane-restart h7-jemalloc-deploy-leak h7-platform-export-job h7-jemalloc-deploy-control)

ship() { # ship SRC DEST: copy keeping mtime, gzip -9 -n text over ~100 KB
  local src="$1" dest="$2"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"
  else cp -p "$src" "$dest"; fi
}
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }

# h7-beam-lane-restart: the turnpike OTP node (beam/). The kernel logger's default handler writes turnpike.log
# with the default formatter in its multi-line form; ops_probe writes probe.txt (~p of process_info lists and
# erlang:memory()) every 2 s; `pidstat -r -p <beam.smp> 2`.
record_beam() {
  local seconds=110 crash_at=57 dest="$out_root/h7-beam-lane-restart" run
  run="$(mktemp -d)"
  mkdir -p "$run/ebin" "$run/out"
  erlc -o "$run/ebin" "$here"/beam/*.erl
  cp "$here/beam/turnpike.app.src" "$run/ebin/turnpike.app"
  cat > "$run/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$run/out/turnpike.log"}, level => info,
                        formatter => {logger_formatter, #{single_line => false}}}}]}]},
 {turnpike, [{out_dir, "$run/out"}, {run_seconds, $seconds}, {mode, leak}, {crash_at, $crash_at}]}].
CFG
  # erl execs erlexec, which execs beam.smp: $! is the beam.smp pid
  (cd "$run" && exec erl -noshell -pa ebin -config sys -eval 'turnpike_node:run()' > /dev/null) &
  local node=$!
  sleep 0.2
  LC_ALL=C pidstat -r -p "$node" 2 "$((seconds / 2 + 1))" > "$run/out/pidstat.txt" &
  local stat=$!
  wait "$node" || true
  wait "$stat" || true
  local log="$run/out/turnpike.log"
  hm() { grep -m1 -B1 "$1" "$log" | head -1 | cut -c12-16; } # the entry's header line (multi-line form)
  {
    echo "# on-call notes $(head -c 10 "$log") (UTC) - turnpike-edge-2"
    echo "$(hm 'invoice_batcher: batch 2') memory alert on turnpike-edge-2, beam.smp jumping by 100+ MB every ~13 s."
    echo "  plate_registry is the biggest process in the probe, could be the registry reload?"
    echo "$(hm 'crasher:') lane_reader crashed (function_clause on a gantry frame from G41), lane_sup restarted it."
    echo "  memory dipped after that; maybe the bad frames were the problem"
    echo "$(hm 'turnpike stopping') stopped the node, probe.txt + pidstat + turnpike.log attached for the review"
  } > "$run/out/oncall-notes.txt"
  # the node ran from a scratch directory; on the real host its log directory is /var/log/turnpike
  sed -i "s#$run/out#/var/log/turnpike#g; s#$run#/srv/turnpike#g" "$log" "$run/out/probe.txt"
  clean "$dest"
  for f in turnpike.log probe.txt pidstat.txt beam.pid oncall-notes.txt; do ship "$run/out/$f" "$dest/$f"; done
  rm -rf "$run"
}

# h7-jemalloc-deploy-leak / h7-jemalloc-deploy-control: jemalloc/beaconsink.c built with gcc -O2 -g against
# jemalloc 5.3 and run with interval heap profiling. At deploy_at the deploy tool installs a new release bundle
# (the config file) and sends SIGHUP; beaconsink reloads it in place (same pid).
#   leak:    release r2026.12.06-2 -> r2026.12.06-3 (enrich_geo on, enrich_mode attach, larger ruleset; the
#            geo_cache_max line it also writes is unused in attach mode);
#            lg_prof_interval:25, lg_prof_sample:17, dumps beaconsink.<pid>.<seq>.i<seq>.heap;
#            RSS from `pidstat -r -C beaconsink 2`.
#   healthy: release r2026.12.07-1 -> r2026.12.07-2 (enrich_geo on, enrich_mode cache bounded at 6,000, larger ruleset);
#            lg_prof_interval:26, lg_prof_sample:18, prof_final:true, dumps bsink.<pid>.<seq>.{i,f}<seq>.heap;
#            RSS from the engineer's loop `while sleep 3; do date +%s; ps -o pid,rss,vsz,comm -p PID; done`.
# The dumps name the binary /opt/beaconsink/bin/beaconsink (the scratch path is rewritten), it ships under bin/.
record_jemalloc() {
  local mode="$1" seconds deploy_at dest run rel0 rel1 enrich prefix conf
  if [ "$mode" = leak ]; then
    seconds=110 deploy_at=38 dest="$out_root/h7-jemalloc-deploy-leak" rel0=r2026.12.06-2 rel1=r2026.12.06-3 enrich=attach
    prefix=beaconsink conf="lg_prof_interval:25,lg_prof_sample:17"
  else
    seconds=120 deploy_at=30 dest="$out_root/h7-jemalloc-deploy-control" rel0=r2026.12.07-1 rel1=r2026.12.07-2 enrich=cache
    prefix=bsink conf="lg_prof_interval:26,lg_prof_sample:18,prof_final:true"
  fi
  run="$(mktemp -d)"
  mkdir -p "$run/prof" "$run/etc"
  cp "$here/jemalloc/beaconsink.c" "$run/"
  (cd "$run" && gcc -g -O2 -pthread -fdebug-prefix-map="$run"=/usr/src/beaconsink-4.1.0 -o beaconsink beaconsink.c -ljemalloc)
  printf 'release = %s\nenrich_geo = off\nrules = standard\n' "$rel0" > "$run/etc/beaconsink.conf"
  (cd "$run" && exec env MALLOC_CONF="prof:true,prof_prefix:$run/prof/$prefix,$conf" ./beaconsink "$seconds" \
     "$run/etc/beaconsink.conf" 2> beaconsink.log) &
  local srv=$! sampler
  sleep 0.3
  if [ "$mode" = leak ]; then
    LC_ALL=C pidstat -r -C beaconsink 2 "$((seconds / 2))" > "$run/pidstat.txt" &
    sampler=$!
  else
    (while sleep 3; do kill -0 "$srv" 2>/dev/null || break; date +%s; ps -o pid,rss,vsz,comm -p "$srv" || true; done) \
      > "$run/ps-loop.txt" &
    sampler=$!
  fi
  sleep "$deploy_at"
  # the deploy tool: install the release bundle, reload
  printf 'release = %s\nenrich_geo = on\nenrich_mode = %s\ngeo_cache_max = 6000\nrules = large\n' "$rel1" "$enrich" \
    > "$run/etc/beaconsink.conf"
  kill -HUP "$srv"
  local deployed; deployed="$(date -u +%H:%M:%S)"
  wait "$srv" || true
  if [ "$mode" = leak ]; then kill "$sampler" 2>/dev/null || true; fi
  wait "$sampler" || true
  local log="$run/beaconsink.log" day; day="$(cut -c1-10 < "$log" | head -1)"
  hm() { grep -m1 "$1" "$log" | cut -c12-19; }
  if [ "$mode" = leak ]; then
    {
      echo "# on-call notes $day UTC (ingest-4, beaconsink)"
      echo "$(sed -n 1p "$log" | cut -c12-16) restarted beaconsink on ingest-4 with heap profiling on (MALLOC_CONF prof, interval dumps), release $rel0"
      echo "$deployed deploy: beaconsink release $rel1 rolled out to ingest-4 (config bundle: enrich_geo on, bigger routing ruleset), reloaded with SIGHUP"
      echo "$(grep 'upload: 300 batches' "$log" | cut -c12-16) RSS going up since, batch uploads are 3-6 MB each, maybe the encoder buffers pile up?"
      echo "$(tail -1 "$log" | cut -c12-16) stopped it, copied the dumps, pidstat and the binary"
    } > "$run/oncall-notes.md"
  else
    {
      echo "# on-call notes $day UTC (ingest-7, beaconsink)"
      echo "$(sed -n 1p "$log" | cut -c12-16) beaconsink on ingest-7 restarted with profiling (prof_final) to check the geo enrichment fix before it goes wide"
      echo "$deployed deploy: release $rel1 (enrich_geo on with the bounded geo cache, bigger ruleset) to ingest-7, SIGHUP reload"
      echo "$(grep 'upload: 200 batches' "$log" | cut -c12-16) RSS keeps climbing since the deploy (geo enrichment?), watching it; memory alert threshold is 60 MB"
      echo "$(tail -1 "$log" | cut -c12-16) stopped; dumps + ps loop + binary saved"
    } > "$run/oncall-notes.md"
  fi
  clean "$dest"; mkdir -p "$dest/bin" "$dest/profiles"
  local f
  for f in "$run"/prof/*.heap; do
    sed "s#$run/beaconsink#/opt/beaconsink/bin/beaconsink#g" "$f" > "$dest/profiles/$(basename "$f")"
    touch -r "$f" "$dest/profiles/$(basename "$f")"
  done
  # a git checkout resets mtimes: the real write times are kept beside the recorder
  (cd "$run/prof" && for f in *.heap; do printf '%s\t%s\n' "$f" "$(date -u -r "$f" +%FT%T.%3NZ)"; done) \
    | sort -t. -k3,3n > "$here/jemalloc/dump_mtimes-$mode.tsv"
  cp "$run/beaconsink" "$dest/bin/beaconsink"
  sed -i "s#$run/etc#/etc/beaconsink#g; s#$run/prof#/var/lib/beaconsink/prof#g" "$log"
  for f in beaconsink.log oncall-notes.md; do ship "$run/$f" "$dest/$f"; done
  if [ "$mode" = leak ]; then ship "$run/pidstat.txt" "$dest/pidstat.txt"; else ship "$run/ps-loop.txt" "$dest/ps-loop.txt"; fi
  rm -rf "$run"
}

# h7-platform-export-job: platform/logdrain.py runs fernhill-pay's dynos as real processes (web.1, web.2: Debian's
# Puma 5.6.5 in single mode over platform/web/config.ru; worker.1: platform/worker.rb, Sidekiq-6.5-like, whose
# nightly SettlementExportJob is scheduled 72 s after its boot) and writes what `heroku logs --tail` printed in
# 140 s.
record_platform() {
  local seconds=140 dest="$out_root/h7-platform-export-job" run
  run="$(mktemp -d)"
  SETTLEMENT_AT=72 python3 "$here/platform/logdrain.py" "$seconds" "$run" "$run/heroku-tail.log"
  local log="$run/heroku-tail.log"
  hm_of() { grep -m1 "$1" "$log" | cut -c12-16; }
  {
    echo "# on-call notes $(head -c 10 "$log") UTC (fernhill-pay)"
    echo "$(hm_of 'sample#memory_total=4') web dynos at ~85% of quota all morning, statements.csv exports are slow; keep an eye on web"
    echo "$(hm_of 'Error R14') R14 on worker.1! webhook volume is up (PaymentWebhookJob ~6/s), suspect the webhook storm"
    echo "$(tail -1 "$log" | cut -c12-16) saved the log tail for the postmortem, no restart done"
  } > "$run/oncall-notes.txt"
  clean "$dest"
  ship "$log" "$dest/heroku-tail.log"
  cp "$run/oncall-notes.txt" "$dest/"
  rm -rf "$run"
}

for i in "${incidents[@]}"; do
  case "$i" in
    h7-beam-lane-restart) record_beam ;;
    h7-jemalloc-deploy-leak) record_jemalloc leak ;;
    h7-jemalloc-deploy-control) record_jemalloc healthy ;;
    h7-platform-export-job) record_platform ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
done
exit
}
