#!/bin/sh
# Single mode (no workers), as `puma` prints it in a terminal or a container's log: no pid prefix.
set -e
puma -b tcp://127.0.0.1:18285 config.ru > puma_single_stdout.log 2>&1 &
sleep 3
kill -TERM $!
sleep 2
