#!/bin/sh
# Records the memory-csv / memory-jsonl fixtures: samples a growing python3 process from /proc every 0.25 s.
# Usage: sh record_memory_samples.sh   (writes memory_samples_python_grow.csv and memory_samples_python_grow.jsonl)
set -eu
/usr/bin/python3 -c 'import time; buf = []
for i in range(40): buf.append(bytearray(1 << 20)); time.sleep(0.1)
print("done", len(buf)); time.sleep(5)' &
pid=$!
sleep 0.1
host=$(hostname)
csv=memory_samples_python_grow.csv
jsonl=memory_samples_python_grow.jsonl
echo 'ts,pid,process,host,rss_kb,vsz_kb' > "$csv"
: > "$jsonl"
for i in $(seq 1 16); do
    rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status)
    vsz=$(awk '/^VmSize:/ {print $2}' /proc/$pid/status)
    cmd=$(tr '\0\n' '  ' < /proc/$pid/cmdline | cut -c1-200 | sed 's/"/""/g')
    iso=$(date +%Y-%m-%dT%H:%M:%S.%3N%:z)
    epoch=$(date +%s.%3N)
    printf '%s,%s,"%s",%s,%s,%s\n' "$iso" "$pid" "$cmd" "$host" "$rss" "$vsz" >> "$csv"
    printf '{"ts":%s,"pid":%s,"process":"python3","rss_bytes":%s,"vsz_kb":%s}\n' \
        "$epoch" "$pid" "$((rss * 1024))" "$vsz" >> "$jsonl"
    sleep 0.25
done
kill "$pid"
