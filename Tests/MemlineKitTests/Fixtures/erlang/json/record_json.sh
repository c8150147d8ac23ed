#!/usr/bin/env bash
# Records proc_top.jsonl and telemetry.jsonl in this folder with Erlang/OTP 25 and jiffy 1.1.1 (Debian 12:
# apt-get install erlang-base erlang-jiffy). Run: bash record_json.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
cp "$here/proc_json.erl" .
erlc proc_json.erl
erl -noshell -sname memline_json +S 1 -s proc_json main
mv proc_top.jsonl telemetry.jsonl "$here/"
