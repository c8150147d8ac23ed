#!/usr/bin/env bash
# Records the beam-* verdict incidents (not run by CI; needs Debian 12's erlang-nox (OTP 25) and sysstat).
#   ./record.sh [SECONDS [SCENARIO…]]     SCENARIO: restart deploy  (default: both, 90 s each)
# -> ../../beam-<scenario>/{erlang_top.txt.gz, app.log, pidstat.txt, beam.pid, notes.txt}
# The node (beam_app.erl) samples itself once a second (erlang_top.txt: RFC 3339 time line, `~p` of
# process_info of the top 10 processes by memory, `~p` of erlang:memory()), logs through OTP logger
# (logger_std_h to app.log, default formatter, level info) and writes its OS pid to beam.pid, while
# `pidstat -r` samples the beam.smp process once a second.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-90}"
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(restart deploy)
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
erlc -o "$build" beam_app.erl event_sink.erl metrics_agg.erl mailer.erl
for scenario in "${scenarios[@]}"; do
  out="../../beam-$scenario"
  mkdir -p "$out"
  rm -f "$out"/erlang_top.txt* "$out"/app.log* "$out"/pidstat.txt* "$out"/beam.pid "$out"/notes.txt
  # erl execs erlexec, which execs beam.smp: $! is the beam.smp pid
  erl -noshell -pa "$build" -run beam_app main "$scenario" "$seconds" "$out" > /dev/null &
  node=$!
  sleep 0.3
  LC_ALL=C pidstat -r -p "$node" 1 "$((seconds + 1))" > "$out/pidstat.txt" &
  stat=$!
  wait "$node"
  wait "$stat" || true
  # on-call notes, written afterwards from what the pager and the deploy tool showed (HH:MM, UTC)
  day=$(head -c 10 "$out/app.log")
  hm() { grep -m1 "$1" "$out/app.log" | cut -c12-16; }
  {
    echo "# on-call notes $day UTC"
    if [ "$scenario" = restart ]; then
      echo "$(hm 'warn at 50000') alert: beam memory on api-node-1 climbing, event_sink queue warnings"
      echo "$(hm 'killing it') health_watchdog killed event_sink, app_sup restarted it"
      echo "$(hm 'app stopping') memory climbing again after the restart, took snapshots + pidstat, node stopped"
    else
      echo "$(hm 'installing release 1.4.2') deploy release 1.4.2 (hot upgrade; percentile dashboard, metrics_agg keeps raw samples)"
      echo "$(hm 'campaign batch #2') december newsletter campaign running, mailer queue spikes expected"
      echo "$(hm 'app stopping') beam memory up since about the deploy, took snapshots + pidstat, node stopped"
    fi
  } > "$out/notes.txt"
  gzip -9 -n "$out/erlang_top.txt"
done
