#!/usr/bin/env bash
# Records the holdout-platform verdict incidents (not run by CI; Debian 12: ruby 3.1, erlang-nox (OTP 25), sysstat).
#   ./record.sh [heroku-web-leak] [beam-healthy]        (default: both)
#   HEROKU_SECONDS=200 BEAM_SECONDS=120 ./record.sh
#
# heroku-web-leak -> ../../heroku-web-leak/{heroku.log.gz, notes.txt}
#   platform.rb spawns web_dyno.rb x3 (web.1-web.3, real HTTP servers on 127.0.0.1), worker_dyno.rb (worker.1)
#   and router.rb (the visitors + Heroku router), stamps everything they print as logplex does, samples each
#   dyno's /proc every 20 s (log-runtime-metrics, 512 MB quota, R14) and restarts web.2 after its first R14.
# beam-healthy -> ../../beam-healthy/{erlang_top.txt.gz, app.log, pidstat.txt, beam.pid, notes.txt}
#   the shopnode OTP application (beam/), started with a sys.config that points the kernel logger's default
#   handler at app.log, while `pidstat -r` samples beam.smp once a second.
set -euo pipefail
cd "$(dirname "$0")"
incidents=("$@")
[ ${#incidents[@]} -gt 0 ] || incidents=(heroku-web-leak beam-healthy)
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT

hm() { grep -m1 "$2" "$1" | cut -c12-16; }

for incident in "${incidents[@]}"; do
  out="../../$incident"
  mkdir -p "$out"
  case "$incident" in
  heroku-web-leak)
    rm -f "$out"/heroku.log* "$out"/notes.txt
    ruby platform.rb "${HEROKU_SECONDS:-200}" "$build" "$out/heroku.log"
    log="$out/heroku.log"
    {
      echo "# on-call notes $(head -c 10 "$log") UTC"
      echo "$(head -1 "$log" | cut -c12-16) started tailing heroku logs for acme-storefront (web=3, worker=1)"
      echo "$(hm "$log" 'Error R14') R14 (Memory quota exceeded) pages for acme-storefront, 512 MB Standard-1X dynos"
      echo "$(hm "$log" 'heroku\[web.2\]: Restarting') heroku ps:restart web.2 to stop the R14s, the others still climbing"
      echo "$(tail -1 "$log" | cut -c12-16) saved the drain to heroku.log for the postmortem"
    } > "$out/notes.txt"
    gzip -9 -n "$log"
    ;;
  beam-healthy)
    rm -f "$out"/erlang_top.txt* "$out"/app.log* "$out"/pidstat.txt "$out"/beam.pid "$out"/notes.txt
    mkdir -p "$build/ebin"
    erlc -o "$build/ebin" beam/*.erl
    cp beam/shopnode.app.src "$build/ebin/shopnode.app"
    abs=$(cd "$out" && pwd)
    cat > "$build/sys.config" <<CFG
[{kernel, [{logger_level, info},
           {logger, [{handler, default, logger_std_h,
                      #{config => #{file => "$abs/app.log"}, level => info,
                        formatter => {logger_formatter, #{}}}}]}]},
 {shopnode, [{out_dir, "$abs"}, {run_seconds, ${BEAM_SECONDS:-120}}]}].
CFG
    # erl execs erlexec, which execs beam.smp: $! is the beam.smp pid
    erl -noshell -pa "$build/ebin" -config "$build/sys" -eval 'shopnode_app:run()' > /dev/null &
    node=$!
    sleep 0.3
    LC_ALL=C pidstat -r -p "$node" 1 "$(( ${BEAM_SECONDS:-120} + 1 ))" > "$out/pidstat.txt" &
    stat=$!
    wait "$node"
    wait "$stat" || true
    log="$out/app.log"
    {
      echo "# on-call notes $(head -c 10 "$log") UTC"
      echo "$(hm "$log" 'report_worker: hourly_sales #2') memory alert fired for shop-node-2 (beam RSS over 250 MB)"
      echo "$(hm "$log" 'child_terminated') feed_poller keeps crashing and restarting in app.log (supplier feed timeouts)"
      echo "$(hm "$log" 'back-in-stock batch #2') back-in-stock campaign running, mailer queue spikes"
      echo "$(hm "$log" 'stopping after') took erlang_top snapshots + pidstat for the review, node stopped"
    } > "$out/notes.txt"
    gzip -9 -n "$out/erlang_top.txt"
    ;;
  esac
done
