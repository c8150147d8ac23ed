#!/usr/bin/env bash
# Records the platform-20s verdict incident (../../platform-20s/). Not run by CI; needs Debian 12's ruby 3.1.
#   ./record.sh [SECONDS]   (default 100)
# Runs dynos.rb (web.1, web.2, worker.1 as real Ruby processes; the parent samples them every 20 s like Heroku's
# log-runtime-metrics and writes everything as `heroku logs` lines), then writes the on-call notes an engineer
# would have typed while watching it, from the times of the run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../platform-20s"
seconds="${1:-100}"
mkdir -p "$out"
rm -f "$out/heroku.log" "$out/heroku.log.gz" "$out/oncall-notes.md"
ruby "$here/dynos.rb" "$seconds" "$out/heroku.log"
first_r14="$(grep -m1 'Error R14' "$out/heroku.log" | cut -c12-16)"
first_line="$(head -1 "$out/heroku.log" | cut -c12-16)"
last_line="$(tail -1 "$out/heroku.log" | cut -c12-16)"
day="$(head -1 "$out/heroku.log" | cut -c1-10)"
{
  echo "# on-call notes $day UTC"
  echo "$first_line restarted all dynos (heroku ps:restart) after yesterday's R14 pages; tailing heroku logs"
  echo "$first_r14 R14 again (Memory quota exceeded), app is on 256 MB dynos"
  echo "$last_line saved the drain to heroku.log for the postmortem"
} > "$out/oncall-notes.md"
if [ "$(stat -c %s "$out/heroku.log")" -gt 100000 ]; then gzip -9 -n "$out/heroku.log"; fi
