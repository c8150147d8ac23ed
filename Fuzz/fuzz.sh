#!/usr/bin/env bash
# Fuzzes every reader of memline with libFuzzer, seeded with the test fixtures. Not part of CI (it runs for hours).
#
#   Fuzz/fuzz.sh                          10 million executions per reader, every reader
#   Fuzz/fuzz.sh 200000 ps ruby-gc-stat   200k executions of the ps and GC.stat readers
#   Fuzz/fuzz.sh 60s                      one minute per reader
#   MAX_LEN=65536 Fuzz/fuzz.sh            larger inputs (default 4096 bytes: most findings need one or two lines)
#   CONFIG=release Fuzz/fuzz.sh           an optimised build: more executions per second; Swift traps on
#                                         overflow and out-of-bounds access in both builds
#
# The harness and MemlineKit are built with -sanitize=fuzzer,address (coverage-guided, AddressSanitizer). Findings
# land in Fuzz/work/crashes/<reader>-crash-…; the figures of each run in Fuzz/work/logs/<reader>.log, and a summary
# table (reader, executions, executions per second, findings) is printed at the end: paste it in docs/RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")"
budget="${1:-10000000}"
shift || true
case "$budget" in
  *s) limit=(-max_total_time="${budget%s}") ;;
  *) limit=(-runs="$budget") ;;
esac
max_len="${MAX_LEN:-4096}"

# The harness names the main package `memline` whatever this clone's folder is called.
mkdir -p .root
ln -sfn ../.. .root/memline

# SwiftPM does not notice files added to the linked package since the last build: plan the build again.
rm -f .build/*.yaml .build/*/*/description.json
flags=(-c "${CONFIG:-debug}" -Xswiftc -sanitize=fuzzer,address --product memline-fuzz)
swift build "${flags[@]}"
bin="$(swift build "${flags[@]}" --show-bin-path)/memline-fuzz"

# Seeds: every fixture, decompressed, its first MAX_LEN bytes.
work="$PWD/work"
rm -rf "$work/seeds"
mkdir -p "$work/seeds" "$work/crashes" "$work/logs"
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  case "$file" in
    *.gz) gzip -dc "$file" 2>/dev/null | head -c "$max_len" > "$work/seeds/$i" || true ;;
    *) head -c "$max_len" "$file" > "$work/seeds/$i" ;;
  esac
done < <(find ../Tests/MemlineKitTests/Fixtures ../Sources/MemlineKit/Demo/Incident -type f -print0)

if [ "$#" -gt 0 ]; then readers=("$@"); else mapfile -t readers < <(MEMLINE_FUZZ_LIST=1 "$bin"); fi

printf '| reader | executions | exec/s | findings |\n| --- | ---: | ---: | ---: |\n' > "$work/summary.md"
for reader in "${readers[@]}"; do
  mkdir -p "$work/corpus/$reader"
  log="$work/logs/$reader.log"
  MEMLINE_FUZZ_FORMAT="$reader" "$bin" "$work/corpus/$reader" "$work/seeds" "${limit[@]}" -max_len="$max_len" \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$work/crashes/$reader-" > "$log" 2>&1 || true
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  findings=$(find "$work/crashes" -name "$reader-*" | wc -l)
  printf '| %s | %s | %s | %s |\n' "$reader" "${execs:-?}" "${speed:-?}" "$findings" | tee -a "$work/summary.md"
done
echo "summary: $work/summary.md"
