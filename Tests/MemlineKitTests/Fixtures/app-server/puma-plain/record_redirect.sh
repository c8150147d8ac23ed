#!/bin/sh
# The same cluster with stdout_redirect (append): puma writes `=== puma startup: TIME ===` first.
set -e
puma -C puma_redirect.rb config.ru &
sleep 4
master=$(cat puma_redirect.pid)
w=$(pgrep -P "$master" | head -1)
kill -KILL "$w"
sleep 4
kill -TERM "$master"
sleep 3
