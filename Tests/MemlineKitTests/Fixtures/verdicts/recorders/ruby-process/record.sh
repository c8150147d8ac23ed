#!/usr/bin/env bash
# Records the ruby-process verdict incidents (not run by CI). Needs Debian 12: ruby 3.1, sysstat, and the
# Debian packages unicorn (6.0.0) and ruby-unicorn-worker-killer (0.4.4).
#   ./record.sh [INCIDENT…]      default: job-during-leak gc-envelope deploy-growth healthy-control
# Each incident deploys app/ Capistrano-style to $SHOP_BASE (default /srv/shop: releases/<ts>, current,
# shared/{log,tmp/pids}), starts real unicorn (4 workers, preload_app) and bin/sidekiq (a Sidekiq-like job
# process), drives it with load.rb, samples every unicorn/sidekiq process with
# `pidstat -r -l -p ALL -C '[u]nicorn|[s]idekiq' 1` (stopped with Ctrl-C: Average block), then copies the
# artifacts a user would hand over into ../../<incident>/ (text files over ~100 KB gzipped).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
base="${SHOP_BASE:-/srv/shop}"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(job-during-leak gc-envelope deploy-growth healthy-control)

release() { # release dir name, revision line
  local dir="$base/releases/$1"
  mkdir -p "$dir"
  cp -r "$here/app/." "$dir/"
  echo "$2" > "$dir/REVISION"
  ln -sfn "releases/$1" "$base/current.tmp" && mv -T "$base/current.tmp" "$base/current"
}
master_pid() { cat "$base/shared/tmp/pids/unicorn.pid"; }
hms() { date -u +%H:%M:%S; }

record() {
  local name="$1" seconds="$2"
  local dir="$out_root/$name"
  rm -rf "$base" "$dir"
  mkdir -p "$base/shared/log" "$base/shared/tmp/pids" "$dir"
  export INCIDENT="$name" LOG_DIR="$base/shared/log" SHARED_DIR="$base/shared" APP_DIR="$base/current"
  export MALLOC_ARENA_MAX=2 # as the shop's systemd units set it
  export LISTEN="127.0.0.1:${PORT:-18080}" APP_LOG=rss GC_FORMAT=jsonl
  unset STALL_AT IMPORT_AT || true
  case "$name" in
    gc-envelope) GC_FORMAT=envelope ;;
    deploy-growth) APP_LOG=rails GC_FORMAT=logger ;;
    healthy-control) export STALL_AT=32 IMPORT_AT=44 ;;
  esac
  local notes="$dir/notes.txt"
  release "$(date -u -d '-3 hours' +%Y%m%d%H%M%S)" "v41 9f3e2d1"
  cd "$base/current"
  LC_ALL=C S_TIME_FORMAT=ISO pidstat -r -l -p ALL -C '[u]nicorn|[s]idekiq' 1 > "$dir/pidstat.txt" &
  local stat=$!
  sleep 1.5
  unicorn -c config/unicorn.rb -E production config.ru &
  bin/sidekiq -e production -C config/sidekiq.yml > /dev/null &
  local sidekiq=$!
  sleep 4
  ruby "$here/load.rb" "$name" "$((seconds - 8))" "$LISTEN" &
  local load=$!
  local t0=$SECONDS
  case "$name" in
    deploy-growth)
      sleep 28
      echo "# on-call notes $(date -u +%F) UTC" > "$notes"
      echo "$(hms) deploy v42 (abc1234) started" >> "$notes"
      sleep 5 # bundle, assets
      release "$(date -u +%Y%m%d%H%M%S)" "v42 abc1234"
      kill -USR2 "$(master_pid)"
      sleep 8
      kill -TERM "$sidekiq"; wait "$sidekiq" || true
      (cd "$base/current" && exec bin/sidekiq -e production -C config/sidekiq.yml > /dev/null) &
      sidekiq=$!
      echo "$(hms) deploy v42 (abc1234) finished: unicorn USR2, sidekiq restarted" >> "$notes"
      sleep 30
      echo "~$(date -u +%H:%M) memory alert fired: web-1 unicorn workers RSS climbing" >> "$notes"
      sleep 6
      echo "$(hms) looking at pidstat on web-1, ops asked to hold further deploys" >> "$notes"
      ;;
    healthy-control)
      echo "# on-call notes $(date -u +%F) UTC" > "$notes"
      sleep 40
      echo "$(hms) started ImportJob backfill for acme by hand (OPS-2211)" >> "$notes"
      sleep 9
      echo "~$(date -u +%H:%M) memory alert fired: web-1 memory above 80%" >> "$notes"
      ;;
  esac
  wait "$load"
  # the master removes its pid file when it quits: keep it as it was during the incident
  if [ "$name" = gc-envelope ] || [ "$name" = deploy-growth ]; then cp "$base/shared/tmp/pids/unicorn.pid" "$dir/"; fi
  local m; m="$(master_pid)"
  # after a USR2 the master is no child of this shell (nothing here reaps it): stop sampling before it quits
  if [ "$name" = deploy-growth ]; then sleep 1.5; kill -INT "$stat"; wait "$stat" || true; fi
  kill -QUIT "$m"
  kill -TERM "$sidekiq"; wait "$sidekiq" || true
  while kill -0 "$m" 2>/dev/null; do sleep 0.2; done
  if [ "$name" != deploy-growth ]; then sleep 1.5; kill -INT "$stat"; wait "$stat" || true; fi
  cd "$here"
  if [ "$name" = healthy-control ]; then
    local line; line="$(grep -m1 'timeout (' "$base/shared/log/unicorn.stderr.log" || true)"
    [ -n "$line" ] && echo "$(echo "$line" | sed -E 's/.*T([0-9:]{8}).*(worker=[0-9]+) PID:([0-9]+).*/\1 unicorn killed \2 (pid \3) on timeout, master respawned it/')" >> "$notes"
    echo "$(hms) RSS looks flat again, leaving it for the morning" >> "$notes"
  fi
  for f in unicorn.stderr.log performance.log production.log sidekiq.log gc_stat.jsonl gc_stat.log gc_stat.sidekiq.log; do
    [ -s "$base/shared/log/$f" ] && cp "$base/shared/log/$f" "$dir/"
  done
  for f in "$dir"/*.txt "$dir"/*.log "$dir"/*.jsonl; do
    [ -f "$f" ] && [ "$(basename "$f")" != notes.txt ] && [ "$(stat -c %s "$f")" -gt 100000 ] && gzip -9 -n "$f"
  done
  true
}

for name in "${incidents[@]}"; do
  case "$name" in
    job-during-leak) record "$name" 90 ;;
    gc-envelope) record "$name" 95 ;;
    deploy-growth) record "$name" 100 ;;
    healthy-control) record "$name" 90 ;;
    *) echo "unknown incident $name" >&2; exit 64 ;;
  esac
done
