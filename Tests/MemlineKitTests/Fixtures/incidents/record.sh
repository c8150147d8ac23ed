#!/usr/bin/env bash
# Records the incident fixtures in this folder (not run by CI; needs Debian 12's ruby 3.1 and sysstat).
#   ./record.sh [SECONDS [SCENARIO…]]   -> <scenario>/{pidstat.txt,performance.log,sidekiq.log,gc_stat.jsonl}.gz
#   (the import scenario writes production.log, Rails request lines without RSS, instead of performance.log)
# Each scenario runs app.rb (a unicorn-like master with 4 workers and a Sidekiq-like process) while
# `pidstat -r` samples (-p ALL: idle ones too) every process named unicorn_* or sidekiq once a second.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-75}"
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(leak gc job healthy import mixed killer)
for scenario in "${scenarios[@]}"; do
  rm -rf "$scenario" && mkdir -p "$scenario"
  ruby app.rb "$scenario" "$seconds" "$scenario" &
  app=$!
  sleep 0.5
  LC_ALL=C S_TIME_FORMAT=ISO pidstat -r -p ALL -C 'unicorn_|sidekiq' 1 "$((seconds + 1))" > "$scenario/pidstat.txt" &
  stat=$!
  wait "$app"
  wait "$stat" || true
  gzip -9 -n "$scenario"/*.txt "$scenario"/*.log "$scenario"/*.jsonl
  # The leak scenario is the demo incident that `memline demo` embeds: it lives beside the code.
  if [ "$scenario" = leak ]; then mv leak/*.gz ../../../../Sources/MemlineKit/Demo/Incident/ && rmdir leak; fi
done
