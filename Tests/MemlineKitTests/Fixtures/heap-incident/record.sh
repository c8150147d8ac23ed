#!/usr/bin/env bash
# Records the heap-incident fixtures (not run by CI; needs Debian 12's ruby 3.1 and sysstat):
#   ./record.sh [SECONDS]   -> <scenario>/{pidstat.txt.gz,heap-pid<PID>-<time>.json.gz}
# service.rb runs one scenario while pidstat samples its RSS once a second; times are UTC.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
for scenario in leak healthy; do
  rm -rf "$scenario" && mkdir -p "$scenario"
  ruby --disable-gems service.rb "$scenario" "$seconds" "$scenario" &
  app=$!
  TZ=UTC LC_ALL=C S_TIME_FORMAT=ISO pidstat -r -p "$app" 1 "$((seconds + 1))" > "$scenario/pidstat.txt" &
  stat=$!
  wait "$app"
  kill "$stat" 2>/dev/null || true
  wait "$stat" || true
  # The dumps hold the script's own path once (a string): replace it with a same-length /srv/app/… path.
  long="$PWD/service.rb"
  short="/srv/app/$(printf '%*s' $(( ${#long} - 20 )) '' | tr ' ' 'x')/service.rb"
  sed -i "s#$long#$short#g" "$scenario"/*.json
  gzip -9 -n "$scenario"/*.txt "$scenario"/*.json
done
