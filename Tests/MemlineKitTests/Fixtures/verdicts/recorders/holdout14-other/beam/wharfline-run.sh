#!/usr/bin/env bash
# wharfline-run.sh OUT_DIR: the service's run script (a runit-style loop): starts the wharfline node, samples its
# VmRSS from /proc every 3 s into OUT_DIR/wharfline-run.log (logfmt), and starts a new node when it exits, until
# OUT_DIR/down exists.
out="$1"
lg() { echo "ts=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ) $*" >> "$out/wharfline-run.log"; }
while [ ! -e "$out/down" ]; do
  erl -noshell -sname "wharfline$$" -pa ebin -config sys -eval 'wharfline_node:run()' > /dev/null 2>&1 &
  shell=$!
  beam=""
  for i in $(seq 100); do beam="$(pgrep -P "$shell" -x beam.smp || true)"; [ -z "$beam" ] && [ "$(cat /proc/$shell/comm 2>/dev/null)" = beam.smp ] && beam=$shell; [ -n "$beam" ] && break; sleep 0.1; done
  echo "$beam" > "$out/beam.pid"
  lg "msg=started process=beam.smp pid=$beam"
  while kill -0 "$beam" 2>/dev/null; do
    rss="$(awk '/^VmRSS:/ {print $2}' /proc/$beam/status 2>/dev/null)"
    [ -n "$rss" ] && lg "process=beam.smp pid=$beam rss_kb=$rss"
    sleep 3
  done
  wait "$shell"; code=$?
  lg "msg=exited process=beam.smp pid=$beam status=$code"
  [ -e "$out/down" ] || sleep 2
done
