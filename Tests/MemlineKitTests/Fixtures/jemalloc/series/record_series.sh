#!/usr/bin/env bash
# Records the jemalloc interval-dump series in this folder (for `memline profile trend` tests).
# Needs gcc and Debian's jemalloc 5.3.0 (built with profiling; jeprof comes with libjemalloc-dev):
#   apt-get install gcc libjemalloc2 libjemalloc-dev
# Run from anywhere: bash record_series.sh  (writes jeprof.series.<pid>.<seq>.<trigger>.heap.gz,
# jeprof_series.bin, jeprof_series_mtimes.tsv and jeprof_series_text_base_first_vs_final.txt next to this script;
# old ones are removed first).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
cp "$here/leaky_series.c" .
# The compilation directory in the DWARF and the binary's path in the dumps' maps read /srv/app.
gcc -g -O1 -fdebug-prefix-map="$scratch"=/srv/app -o leaky_series leaky_series.c
# A dump every 2^20 bytes allocated (lg_prof_interval:20), one sample per 4 KiB on average (lg_prof_sample:12),
# and the final dump at exit.
MALLOC_CONF=prof:true,prof_prefix:jeprof.series,lg_prof_interval:20,lg_prof_sample:12,prof_final:true \
  LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ./leaky_series
rm -f "$here"/jeprof.series.*.heap.gz "$here/jeprof_series_mtimes.tsv"
# jeprof's growth from the first dump to the final one, to check `memline profile trend` and `profile diff` against.
first="$(ls jeprof.series.*.i0.heap)"
final="$(ls jeprof.series.*.f.heap)"
jeprof --text --base="$first" ./leaky_series "$final" > "$here/jeprof_series_text_base_first_vs_final.txt" 2>&1
# When each dump was written (git does not keep mtimes): name, then the mtime in UTC with milliseconds.
for f in $(ls jeprof.series.*.heap | sort -t. -k4,4n); do
  printf '%s.gz\t%s\n' "$f" "$(date -u -d "@$(stat -c %.3Y "$f")" +%Y-%m-%dT%H:%M:%S.%3NZ)" \
    >> "$here/jeprof_series_mtimes.tsv"
  sed -i "s#$scratch/#/srv/app/#g" "$f"
  gzip -9n "$f"
  mv "$f.gz" "$here/"
done
cp leaky_series "$here/jeprof_series.bin"
