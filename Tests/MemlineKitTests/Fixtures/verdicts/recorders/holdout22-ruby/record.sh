#!/usr/bin/env bash
# Records the holdout22-ruby verdict incidents (not run by CI). Needs Debian 12: ruby 3.1 (fiddle), ruby-rack, Debian's puma 5.6.5,
# Debian's unicorn 6.0.0 (apt-get install unicorn), sysstat (pidstat), procps, bc, gzip. Runs as root: the apps run from /srv/<app>, so the artifacts
# name /srv/<app> as the runtime wrote it (no rewriting needed).
#   ./record.sh [INCIDENT…]   default: all four, run side by side
#     h22-unicorn-tagged-fernhollow-ios-breadcrumbs-beside-search        fernhollow/  (120 s)
#     h22-puma-cluster-wrenmarsh-timeline-memo-deploy-beside-help-deploy wrenmarsh/   (225 s: deploys at ~15 s and ~195 s)
#     h22-sidekiq6-sedgecombe-fiddle-label-raster-beside-ledger-rollup   sedgecombe/  (100 s)
#     h22-puma-single-alderbrook-template-warmup-flat-control            alderbrook/  (105 s)
# common/standin.rb is copied into each app as lib/standin.rb. Text over ~100 KB is gzipped (-9 -n); expected.json and
# README.md are written by hand and kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out_root="$(cd "$here/../.." && pwd)"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(h22-unicorn-tagged-fernhollow-ios-breadcrumbs-beside-search
  h22-puma-cluster-wrenmarsh-timeline-memo-deploy-beside-help-deploy h22-sidekiq6-sedgecombe-fiddle-label-raster-beside-ledger-rollup
  h22-puma-single-alderbrook-template-warmup-flat-control)
cd /; unset OLDPWD

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
hms() { date -u +%H:%M:%S; }
ship() { local src="$1" dest="$2/$(basename "$1")"
  if [ "$(stat -c %s "$src")" -gt 100000 ]; then gzip -9 -n -c "$src" > "$dest.gz"; touch -r "$src" "$dest.gz"; else cp -p "$src" "$dest"; fi; }
clean() { mkdir -p "$1"; find "$1" -mindepth 1 ! -name expected.json ! -name README.md -exec rm -rf {} +; }
wait_count() { for _ in $(seq 300); do local c; c="$(grep -c -- "$2" "$1" 2>/dev/null || true)"; [ "${c:-0}" -ge "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 x '$2' in $1" >&2; return 1; }
wait_port() { for _ in $(seq 300); do ruby -rsocket -e 'TCPSocket.new("127.0.0.1", ARGV[0].to_i).close' "$1" 2>/dev/null && return 0; sleep 0.3; done
  echo "port $1 never opened" >&2; return 1; }
workers_of() { ps -o pid= --ppid "$1" --sort=start_time | tr -d ' ' | paste -sd, -; }
appenv() { env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$1" PORT="$2" "${@:3}"; }

# h22-unicorn-tagged-fernhollow-ios-breadcrumbs-beside-search: Fernhollow on unicorn (3 workers, preload_app true), Rails'
# tagged production.log ([request_id] [pid]), unicorn.stderr.log, `pidstat -h -r -p MASTER,W0,W1,W2 4` (pidstat.txt).
record_fernhollow() {
  local seconds=${H22_SECONDS:-120} base=/srv/fernhollow dest="$out_root/h22-unicorn-tagged-fernhollow-ios-breadcrumbs-beside-search" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/fernhollow/." "$base/"
  cp "$here/common/standin.rb" "$base/lib/standin.rb"; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (fh-web-2)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" \
     unicorn -c "$base/config/unicorn.rb" -E production "$base/config.ru") &
  local uni=$!
  wait_count "$base/log/unicorn.stderr.log" 'worker=[0-9] ready' 3
  local m ws; m="$(cat "$base/tmp/pids/unicorn.pid")"; ws="$(workers_of "$m")"
  LC_ALL=C TZ=UTC pidstat -h -r -p "$m,$ws" 4 > "$work/pidstat.txt" &
  local sampler=$!
  echo "$(hms) fh-web-2 unicorn workers at 1.4 GB again by lunchtime (FH-1203). restarted unicorn this morning; pidstat -r every 4 s on master $m + workers $ws" >> "$notes"
  ruby "$here/load.rb" fernhollow "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  sleep "$(echo "$seconds * 45 / 100" | bc)"
  echo "$(hms) GET /search again in the slow log (1 s+, ~300k rows loaded per query). every jump in pidstat lines up with a search?" >> "$notes"
  sleep "$(echo "$seconds * 35 / 100" | bc)"
  echo "$(hms) all three workers climbing, not one. search it is? FH-877 (search rewrite) still not scheduled" >> "$notes"
  wait "$load" || true; sleep 4
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -QUIT "$m"; wait "$uni" || true
  echo "$(hms) copied production.log, unicorn.stderr.log and pidstat.txt" >> "$notes"
  cp -p "$base/log/production.log" "$base/log/unicorn.stderr.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "fernhollow: master=$m workers=$ws" >&2; tail -n 3 "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

# h22-puma-cluster-wrenmarsh-timeline-memo-deploy-beside-help-deploy: Wrenmarsh on puma (2 workers x 3 threads, no preload)
# in a Capistrano layout (/srv/wrenmarsh/{releases,shared,current}, revisions.log). Two deploys by `cap production deploy`
# (new release, `current` switched, puma phased restart by SIGUSR1, revisions.log line naming the release by its UTC
# start): c58a3f2 (WM-2207, memoized timelines) ~15 s in, 2b90e6d (WM-2219, help page copy) three minutes after it.
# log/memory.log (CONSUME MEMORY per request, per worker), the on-call's
# `while sleep 6; do date +%s; ps -eo pid,ppid,rss,vsz,args | awk 'NR == 1 || /^ *[0-9]+ +[0-9]+ .* puma/'; done` (ps.log).
wm_release() { # NAME TIMELINE HELP REVISION
  local d=/srv/wrenmarsh/releases/$1
  mkdir -p "$d/lib/wrenmarsh"; cp -r "$here/wrenmarsh/release/." "$d/"; cp "$here/common/standin.rb" "$d/lib/standin.rb"
  cp "$here/wrenmarsh/variants/timeline_$2.rb" "$d/lib/wrenmarsh/timeline.rb"; cp "$here/wrenmarsh/variants/help_$3.rb" "$d/lib/wrenmarsh/help.rb"
  echo "$4" > "$d/REVISION"
}
wm_deploy() { # TIMELINE HELP REVISION USER  (cap production deploy: ~12 s from release name to restart)
  local rel; rel="$(date -u +%Y%m%d%H%M%S)"
  wm_release "$rel" "$1" "$2" "$3"; sleep 12
  ln -sfn "/srv/wrenmarsh/releases/$rel" /srv/wrenmarsh/current.tmp; mv -T /srv/wrenmarsh/current.tmp /srv/wrenmarsh/current
  kill -USR1 "$(cat /srv/wrenmarsh/shared/tmp/pids/puma.pid)"
  echo "Branch main (at $3) deployed as release $rel by $4" >> /srv/wrenmarsh/revisions.log
}
wm_ps() { while sleep 6; do date +%s; ps -eo pid,ppid,rss,vsz,args | awk 'NR == 1 || /^ *[0-9]+ +[0-9]+ .* puma/'; done; }
record_wrenmarsh() {
  local seconds=${H22_SECONDS:-225} base=/srv/wrenmarsh dest="$out_root/h22-puma-cluster-wrenmarsh-timeline-memo-deploy-beside-help-deploy" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/releases" "$base/shared/log" "$base/shared/tmp/pids"; port="$(free_port)"
  local r0; r0="$(date -u -d '-2 days' +%Y%m%d%H%M%S)"
  wm_release "$r0" before before 6b1e0d4; ln -sfn "$base/releases/$r0" "$base/current"
  echo "Branch main (at 6b1e0d4) deployed as release $r0 by priya" > "$base/revisions.log"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (wm-app-1)" > "$notes"
  (cd "$base/current" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" PWD="$base/current" \
     puma -C config/puma.rb) &
  local puma=$!
  wait_count "$base/shared/log/puma.stdout.log" ' booted' 2
  local m; m="$(cat "$base/shared/tmp/pids/puma.pid")"
  TZ=UTC LC_ALL=C wm_ps > "$work/ps.log" &
  local sampler=$!
  echo "$(hms) wm-app-1 on watch for the peak deploys today (CHG-5512). ps every 6 s, CONSUME MEMORY on" >> "$notes"
  local start; start="$(date +%s)"
  ruby "$here/load.rb" wrenmarsh "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$!
  sleep 3; wm_deploy after before c58a3f2 tomasz
  echo "$(hms) tomasz deployed c58a3f2 (WM-2207 memoize tracking timelines)" >> "$notes"
  sleep "$(( start + 183 - $(date +%s) ))"
  echo "$(hms) workers up ~20 MB each since this morning. priya deploying the help page copy now" >> "$notes"
  wm_deploy after after 2b90e6d priya
  echo "$(hms) priya deployed 2b90e6d (WM-2219 help copy). memory was at its worst right before it, watching" >> "$notes"
  wait "$load" || true; sleep 3
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$m"; wait "$puma" || true
  echo "$(hms) copied revisions.log, production.log, memory.log, puma.stdout.log and ps.log" >> "$notes"
  cp -p "$base/revisions.log" "$base/shared/log/production.log" "$base/shared/log/memory.log" "$base/shared/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "wrenmarsh: master=$m" >&2; tail -n 3 "$work/load.stderr" "$base/shared/log/puma.stderr.log" >&2
  rm -rf "$work" "$base"
}

# h22-sidekiq6-sedgecombe-fiddle-label-raster-beside-ledger-rollup: Sedgecombe's job box, a Sidekiq 6.5 stand-in (5
# threads), Sidekiq 6's text log (sidekiq.log), GC.stat JSON lines every 5 s (gc_stat.log), and the on-call's
# `while sleep 5; do date -Is; cat /proc/PID/status; done` (status.log).
sc_status() { while sleep 5; do date -Is; cat "/proc/$1/status"; done; }
record_sedgecombe() {
  local seconds=${H22_SECONDS:-100} base=/srv/sedgecombe dest="$out_root/h22-sidekiq6-sedgecombe-fiddle-label-raster-beside-ledger-rollup" work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/sedgecombe/." "$base/"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (sc-jobs-1)" > "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" RUN_SECONDS="$seconds" ruby bin/sidekiq >> "$base/log/sidekiq.log" 2>&1) &
  local sk=$!
  wait_count "$base/log/sidekiq.log" 'Starting processing' 1
  local p; p="$(cat "$base/tmp/pids/sidekiq.pid")"
  TZ=UTC sc_status "$p" > "$work/status.log" &
  local sampler=$!
  echo "$(hms) sc-jobs-1 sidekiq ($p) OOM-killed twice overnight (SC-702). /proc status every 5 s, GC.stat probe on" >> "$notes"
  sleep "$(echo "$seconds * 40 / 100" | bc)"
  echo "$(hms) Reports::LedgerRollupJob builds ~200k hashes per run and finance re-runs it all day. moving it to its own box?" >> "$notes"
  sleep "$(echo "$seconds * 35 / 100" | bc)"
  echo "$(hms) heap_live_slots back down after every rollup, but RSS keeps going. fragmentation? MALLOC_ARENA_MAX=2 next" >> "$notes"
  wait "$sk" || true
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "$(hms) copied sidekiq.log, gc_stat.log and status.log" >> "$notes"
  cp -p "$base/log/sidekiq.log" "$base/log/gc_stat.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do ship "$f" "$dest"; done
  echo "sedgecombe: pid=$p" >&2
  rm -rf "$work" "$base"
}

# h22-puma-single-alderbrook-template-warmup-flat-control: Alderbrook on puma single mode (4 threads), deployed just before
# the run (release 2026.50.2 in the notes), the deploy's warm-up hook calling GET /internal/warmup?batch=0..9 every ~3.5 s
# after boot, lograge JSON production.log, puma.stdout.log and the on-call's logfmt loop
# `while sleep 4; do echo "ts=$(date -Is) host=ab-web-1 pid=$P process=puma rss_kb=$(ps -o rss= -p $P)"; done` (rss.log).
ab_rss() { while sleep 4; do echo "ts=$(date -Is) host=ab-web-1 pid=$1 process=puma rss_kb=$(ps -o rss= -p "$1" | tr -d ' ')"; done; }
record_alderbrook() {
  local seconds=${H22_SECONDS:-105} base=/srv/alderbrook dest="$out_root/h22-puma-single-alderbrook-template-warmup-flat-control" port work
  work="$(mktemp -d)"; rm -rf "$base"; mkdir -p "$base/log" "$base/tmp/pids"; cp -r "$here/alderbrook/." "$base/"
  cp "$here/common/standin.rb" "$base/lib/standin.rb"; port="$(free_port)"
  local notes="$work/oncall-notes.txt"
  echo "# on-call notes $(date -u +%F) UTC (ab-web-1)" > "$notes"
  echo "$(hms) deploying release 2026.50.2 (e41c07a: course page redesign, 240 new templates) to ab-web-1, puma restart" >> "$notes"
  (cd "$base" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$base" PORT="$port" puma -C config/puma.rb) &
  local puma=$!
  wait_port "$port"
  local p; p="$(cat "$base/tmp/pids/puma.pid")"
  TZ=UTC ab_rss "$p" > "$work/rss.log" &
  local sampler=$!
  echo "$(hms) deploy done, warm-up hook running. rss loop every 4 s on puma $p" >> "$notes"
  ruby "$here/load.rb" alderbrook "$port" "$seconds" 2> "$work/load.stderr" &
  local load=$! b
  for b in 0 1 2 3 4 5 6 7 8 9; do
    sleep 3.5
    ruby -rnet/http -e 'Net::HTTP.get(URI("http://127.0.0.1:#{ARGV[0]}/internal/warmup?batch=#{ARGV[1]}"), { "X-Request-Id" => "warmup-#{ARGV[1]}" })' "$port" "$b" || true
  done
  echo "$(hms) rss went from ~30 to 100+ MB since the deploy. leak in 2026.50.2? warm-up endpoint?" >> "$notes"
  wait "$load" || true; sleep 3
  echo "$(hms) flat for the last minute. leaving it" >> "$notes"
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  kill -TERM "$p"; wait "$puma" || true
  cp -p "$base/log/production.log" "$base/log/puma.stdout.log" "$work/"
  clean "$dest"; local f; for f in "$work"/*; do case "$f" in *load.stderr) ;; *) ship "$f" "$dest" ;; esac; done
  echo "alderbrook: pid=$p" >&2; tail -n 3 "$work/load.stderr" >&2
  rm -rf "$work" "$base"
}

pids=()
for i in "${incidents[@]}"; do
  case "$i" in
    h22-unicorn-tagged-fernhollow-ios-breadcrumbs-beside-search) record_fernhollow & ;;
    h22-puma-cluster-wrenmarsh-timeline-memo-deploy-beside-help-deploy) record_wrenmarsh & ;;
    h22-sidekiq6-sedgecombe-fiddle-label-raster-beside-ledger-rollup) record_sedgecombe & ;;
    h22-puma-single-alderbrook-template-warmup-flat-control) record_alderbrook & ;;
    *) echo "unknown incident $i" >&2; exit 2 ;;
  esac
  pids+=($!)
  sleep 2
done
rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done; exit $rc
