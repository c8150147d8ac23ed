#!/bin/sh
# Samples a growing python3 process the way ad-hoc incident loops do: three styles, one line per sample.
python3 -c 'import time
b=[]
for i in range(60):
    b.append(b"x"*(2*1024*1024)); time.sleep(0.1)' &
PY=$!
sleep 0.3
for i in 1 2 3 4 5 6 7 8; do
  echo "$(date -u +%FT%TZ) rss_kb=$(awk '/VmRSS/{print $2}' /proc/$PY/status)" >> loop_rss_kb.log
  echo "ts=$(date -u +%FT%T.%3NZ) pid=$PY rss=$(ps -o rss= -p $PY | awk '{printf "%.1fMB", $1/1024}')" >> loop_ts_pid_rss_mb.log
  echo "time=\"$(date -u '+%F %T')\" host=$(hostname) mem_used=$(free -b | awk '/Mem:/{print $3}')" >> loop_time_mem_used.log
  sleep 0.5
done
wait
