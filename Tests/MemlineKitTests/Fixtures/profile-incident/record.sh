#!/usr/bin/env bash
# Records the profile-incident fixtures (not run by CI; needs Debian 12's gcc, libjemalloc2 5.3 and sysstat):
#   ./record.sh [SECONDS]   -> session_cache.bin, <scenario>/{pidstat.txt.gz,jeprof-<time>.<pid>.<n>.m<n>.heap}
# Builds session_cache.c, runs each scenario under jemalloc's heap profiler while pidstat samples its RSS once a
# second (times UTC). The scratch directory's path in the profiles' MAPPED_LIBRARIES becomes /srv/app.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
scratch="$(mktemp -d)"
gcc -g -O1 -fdebug-prefix-map="$PWD"=/srv/app -o "$scratch/session_cache" session_cache.c -ldl
cp "$scratch/session_cache" session_cache.bin
for scenario in leak healthy; do
  rm -rf "$scenario" && mkdir -p "$scenario" "$scratch/$scenario"
  MALLOC_CONF=prof:true,lg_prof_sample:14 LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    "$scratch/session_cache" "$scenario" "$seconds" "$scratch/$scenario" &
  app=$!
  TZ=UTC LC_ALL=C S_TIME_FORMAT=ISO pidstat -r -p "$app" 1 "$((seconds + 1))" > "$scenario/pidstat.txt" &
  stat=$!
  wait "$app"
  kill "$stat" 2>/dev/null || true
  wait "$stat" || true
  for f in "$scratch/$scenario"/*.heap; do
    sed "s#$scratch/session_cache#/srv/app/session_cache#g" "$f" > "$scenario/$(basename "$f")"
  done
  gzip -9 -n "$scenario"/*.txt
done
rm -rf "$scratch"
