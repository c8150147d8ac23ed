#!/bin/sh
# HEART_COMMAND of the corvane node (what the release's bin/corvane start does): start the node again, detached.
# CV_RUN, CV_OUT, CV_LIFE2_SECONDS, CV_BIN_LIMIT_MB, CV_LOGGER come from record.sh through the environment heart inherited.
cd "$CV_RUN" || exit 1
nohup erl -heart -noshell -sname corvane -pa ebin -kernel logger "$CV_LOGGER" \
  -eval "corvane_boot:start(\"$CV_OUT\", 2, $CV_LIFE2_SECONDS, never, $CV_BIN_LIMIT_MB)" > "$CV_RUN/life2.out" 2>&1 &
echo $! > "$CV_RUN/life2.pid"
