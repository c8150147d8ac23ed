#!/usr/bin/env bash
# Records the ruby-heap verdict incidents (not run by CI; needs Debian 12's ruby 3.1 and sysstat):
#   ./record.sh [SECONDS [SCENARIO…]]   -> ../../<scenario>/ (garbage-leak, native-cache, lost-mtime)
# Each scenario runs app.rb (a unicorn-like master with 4 workers and a Sidekiq-like process; see app.rb) from a
# scratch copy while `pidstat -r` samples (-p ALL: idle ones too) every process named unicorn_* or sidekiq once a
# second. expected.json and README.md of each incident are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-80}"
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(garbage-leak native-cache lost-mtime)
for scenario in "${scenarios[@]}"; do
  dest="$here/../../$scenario"
  mkdir -p "$dest"
  find "$dest" -mindepth 1 ! -name expected.json ! -name README.md -delete
  work="$(mktemp -d)"
  cp "$here/app.rb" "$work/"
  mkdir "$work/out"
  (cd "$work" && ruby app.rb "$scenario" "$seconds" out) &
  app=$!
  sleep 0.5
  TZ=UTC LC_ALL=C S_TIME_FORMAT=ISO pidstat -r -p ALL -C 'unicorn_|sidekiq' 1 "$((seconds + 1))" > "$work/out/pidstat.txt" &
  stat=$!
  wait "$app"
  wait "$stat" || true
  # Other programs on the recording machine were also named sidekiq: keep only this run's processes (the master,
  # the Sidekiq-like process and the workers the master logged), as a dedicated host would have shown.
  pids="$(cat "$work/out/unicorn.pid" "$work/out/sidekiq.pid"; sed -n 's/.*spawned pid=\([0-9]*\).*/\1/p' "$work/out/unicorn.stderr.log")"
  awk -v pids="$(echo $pids)" 'BEGIN { n = split(pids, a, " "); for (i = 1; i <= n; i++) keep[a[i]] = 1 }
    NR == 1 { print; next } $3 == "PID" { hdr = $0; next } NF == 0 { next }
    ($3 in keep) { if (hdr != "") { print ""; print hdr; hdr = "" } print }' "$work/out/pidstat.txt" > "$work/out/pidstat.filtered"
  mv "$work/out/pidstat.filtered" "$work/out/pidstat.txt"
  # The dumps hold the script's path once (a String): replace the scratch directory with a same-length /srv/app/… one.
  long="$work/app.rb"
  short="/srv/app/$(printf '%*s' $(( ${#long} - 16 )) '' | tr ' ' 'x')/app.rb"
  for f in "$work"/out/heap-*.json; do
    t="$(stat -c %y "$f")"
    sed -i "s#$long#$short#g" "$f"
    touch -d "$t" "$f"
  done
  # gzip keeps each file's mtime (the dumps' only clock); -n leaves name and time out of the gzip header.
  gzip -9 -n "$work"/out/heap-*.json
  for f in "$work"/out/*.log "$work"/out/*.jsonl "$work"/out/*.txt; do
    if [ "$(stat -c %s "$f")" -gt 100000 ]; then gzip -9 -n "$f"; fi
  done
  if [ "$scenario" = lost-mtime ]; then
    # copied over chat weeks later: the dumps' mtimes are the copy's
    touch -d '2027-01-15 10:00' "$work"/out/heap-*.json.gz
  fi
  cp -p "$work"/out/* "$dest/"
  rm -rf "$work"
done
