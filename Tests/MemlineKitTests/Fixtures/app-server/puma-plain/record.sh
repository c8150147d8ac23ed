#!/bin/sh
# Runs Debian's puma 5.6.5 in cluster mode with its plain stdout (no log_formatter) captured by the shell.
set -e
puma -C puma_plain.rb config.ru > puma_plain_stdout.log 2>&1 &
sleep 4
master=$(cat puma.pid)
w0=$(pgrep -P "$master" | head -1)
curl -s http://127.0.0.1:18283/ > /dev/null
kill -STOP "$w0"          # stops checking in: the master terminates it as timed out
sleep 12
w1=$(pgrep -P "$master" | tail -1)
kill -KILL "$w1"          # dies: the master boots a new worker in its slot
sleep 4
kill -TERM "$master"
sleep 3
