#!/usr/bin/env bash
# Records the jemalloc-native verdict incident (../../jemalloc-native/). Not run by CI.
# Needs Debian 12's gcc, libjemalloc2 + libjemalloc-dev 5.3.0 (built with profiling) and sysstat:
#   apt-get install gcc libjemalloc2 libjemalloc-dev sysstat
#   ./record.sh [SECONDS]   (default 90)
# Builds ./pagesrv here (kept next to this script: the incident folder deliberately has no binary, as when the
# analyst was handed only the dumps), runs it with jemalloc interval dumps and `pidstat -r` at 1 s, then copies
# the dumps and pidstat output into the incident folder the way a user would: plain copies whose mtimes are
# the copy time, weeks later (files passed through chat lose their mtime).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../jemalloc-native"
seconds="${1:-90}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
cp "$here/pagesrv.c" .
# The DWARF compilation directory and the binary's path in the dumps' maps read /srv/app.
gcc -g -O1 -fdebug-prefix-map="$scratch"=/srv/app -o pagesrv pagesrv.c -ljemalloc
MALLOC_CONF=prof:true,prof_prefix:jeprof.out,lg_prof_interval:23,lg_prof_sample:17 ./pagesrv "$seconds" &
pid=$!
LC_ALL=C pidstat -r -p "$pid" 1 "$seconds" > pidstat.txt &
stat=$!
wait "$pid"
wait "$stat" || true
# What jeprof says (for the README; needs the binary): the final interval dump and the growth first -> last.
first="$(ls jeprof.out.*.heap | sort -t. -k4,4n | head -1)"
last="$(ls jeprof.out.*.heap | sort -t. -k4,4n | tail -1)"
jeprof --text ./pagesrv "$last" > "$here/jeprof_text_last.txt" 2>&1 || true
jeprof --text --base="$first" ./pagesrv "$last" > "$here/jeprof_text_base_first_vs_last.txt" 2>&1 || true
# When each dump was really written (lost in the copy; kept here for the README).
for f in $(ls jeprof.out.*.heap | sort -t. -k4,4n); do
  printf '%s\t%s\n' "$f" "$(date -u -d "@$(stat -c %.3Y "$f")" +%Y-%m-%dT%H:%M:%S.%3NZ)"
done > "$here/dump_mtimes.tsv"
for f in jeprof.out.*.heap; do sed -i "s#$scratch/#/srv/app/#g" "$f"; done
cp pagesrv "$here/pagesrv"
rm -rf "$out"/jeprof.out.*.heap "$out/pidstat.txt"
mkdir -p "$out"
copied="$(date -u -d '+23 days' '+%Y-%m-%d %H:%M:%S')"
for f in jeprof.out.*.heap pidstat.txt; do
  cp "$f" "$out/$f"
  touch -d "$copied UTC" "$out/$f"
done
